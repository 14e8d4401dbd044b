-- CreateTable
CREATE TABLE "SurveyInvitation" (
    "token" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    CONSTRAINT "SurveyInvitation_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ActiveSurvey" (
    "memberKey" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    CONSTRAINT "ActiveSurvey_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_surveyId_key" ON "SurveyInvitation"("surveyId");

-- CreateIndex
CREATE INDEX "ActiveSurvey_surveyId_idx" ON "ActiveSurvey"("surveyId");

