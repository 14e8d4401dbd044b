-- CreateTable
CREATE TABLE "Community" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "liveResults" BOOLEAN NOT NULL DEFAULT false,
    "createdDay" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "definitionVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "openedDay" TEXT NOT NULL,
    "closedDay" TEXT,
    "openedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Survey_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursor" TEXT,
    "draft" TEXT,
    "lastDeliveryKey" TEXT,
    "startedDay" TEXT NOT NULL,
    "updatedDay" TEXT NOT NULL,
    "completedDay" TEXT,
    CONSTRAINT "Response_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Answer" (
    "responseId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "value" TEXT NOT NULL,

    PRIMARY KEY ("responseId", "itemCode"),
    CONSTRAINT "Answer_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ParticipantLink" (
    "participantKey" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "encryptedAddress" TEXT,
    CONSTRAINT "ParticipantLink_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "Response" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Completion" (
    "participantKey" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "MemberPreference" (
    "memberKey" TEXT NOT NULL PRIMARY KEY,
    "language" TEXT NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "Community_platform_externalId_key" ON "Community"("platform", "externalId");

-- CreateIndex
CREATE INDEX "Survey_communityId_status_idx" ON "Survey"("communityId", "status");

-- CreateIndex
CREATE INDEX "Response_surveyId_status_idx" ON "Response"("surveyId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ParticipantLink_responseId_key" ON "ParticipantLink"("responseId");

-- CreateIndex
CREATE INDEX "ParticipantLink_surveyId_idx" ON "ParticipantLink"("surveyId");

-- CreateIndex
CREATE INDEX "Completion_surveyId_idx" ON "Completion"("surveyId");

