-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateTable
CREATE TABLE "Community" (
    "id" TEXT NOT NULL,
    "platform" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "name" TEXT,
    "liveResults" BOOLEAN NOT NULL DEFAULT false,
    "createdDay" TEXT NOT NULL,

    CONSTRAINT "Community_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "definitionVersion" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "openedDay" TEXT NOT NULL,
    "closedDay" TEXT,
    "openedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "releasedBatches" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "Survey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InProgressResponse" (
    "participantKey" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "cursor" TEXT,
    "draft" TEXT,
    "lastDeliveryKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "startedDay" TEXT NOT NULL,
    "updatedDay" TEXT NOT NULL,
    "encryptedAddress" TEXT,
    "lastActivityAt" TIMESTAMP(3),
    "remindersOff" BOOLEAN NOT NULL DEFAULT false,
    "remindedAt" TIMESTAMP(3),

    CONSTRAINT "InProgressResponse_pkey" PRIMARY KEY ("participantKey")
);

-- CreateTable
CREATE TABLE "PendingRelease" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,

    CONSTRAINT "PendingRelease_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Response" (
    "id" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursor" TEXT,
    "answers" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "startedDay" TEXT NOT NULL,
    "completedDay" TEXT,
    "importFingerprint" TEXT,

    CONSTRAINT "Response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Completion" (
    "participantKey" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,

    CONSTRAINT "Completion_pkey" PRIMARY KEY ("participantKey")
);

-- CreateTable
CREATE TABLE "ImportedFile" (
    "surveyId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "importedDay" TEXT NOT NULL,

    CONSTRAINT "ImportedFile_pkey" PRIMARY KEY ("surveyId","fingerprint")
);

-- CreateTable
CREATE TABLE "MemberPreference" (
    "memberKey" TEXT NOT NULL,
    "language" TEXT NOT NULL,

    CONSTRAINT "MemberPreference_pkey" PRIMARY KEY ("memberKey")
);

-- CreateTable
CREATE TABLE "SurveyInvitation" (
    "token" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,

    CONSTRAINT "SurveyInvitation_pkey" PRIMARY KEY ("token")
);

-- CreateTable
CREATE TABLE "ActiveSurvey" (
    "memberKey" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,

    CONSTRAINT "ActiveSurvey_pkey" PRIMARY KEY ("memberKey")
);

-- CreateTable
CREATE TABLE "CmePoint" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "url" TEXT,
    "doi" TEXT,
    "pmid" TEXT,
    "fileId" TEXT,
    "fileName" TEXT,
    "messageLink" TEXT,
    "title" TEXT,
    "topic" TEXT,
    "tags" TEXT NOT NULL DEFAULT '[]',
    "shares" INTEGER NOT NULL DEFAULT 1,
    "reactions" INTEGER NOT NULL DEFAULT 0,
    "creditName" TEXT,
    "firstSharedAt" TIMESTAMP(3) NOT NULL,
    "lastSharedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CmePoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DigestConfig" (
    "communityId" TEXT NOT NULL,
    "destination" TEXT,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "emptyWeeks" BOOLEAN NOT NULL,
    "results" BOOLEAN NOT NULL,
    "language" TEXT NOT NULL,

    CONSTRAINT "DigestConfig_pkey" PRIMARY KEY ("communityId")
);

-- CreateTable
CREATE TABLE "RunClaim" (
    "communityId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "coversFrom" TIMESTAMP(3),
    "coversTo" TIMESTAMP(3),
    "detail" TEXT,
    "instance" TEXT NOT NULL,
    "leaseUntil" TIMESTAMP(3),

    CONSTRAINT "RunClaim_pkey" PRIMARY KEY ("communityId","job","periodKey")
);

-- CreateTable
CREATE TABLE "ReminderOptOut" (
    "memberKey" TEXT NOT NULL,

    CONSTRAINT "ReminderOptOut_pkey" PRIMARY KEY ("memberKey")
);

-- CreateTable
CREATE TABLE "CmeEndorsement" (
    "pointId" TEXT NOT NULL,
    "endorserKey" TEXT NOT NULL,

    CONSTRAINT "CmeEndorsement_pkey" PRIMARY KEY ("pointId","endorserKey")
);

-- CreateTable
CREATE TABLE "Form" (
    "id" TEXT NOT NULL,
    "communityId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Form_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "key" TEXT NOT NULL,
    "seenAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessedUpdate_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL,
    "holder" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Lease_pkey" PRIMARY KEY ("name")
);

-- CreateIndex
CREATE UNIQUE INDEX "Community_platform_externalId_key" ON "Community"("platform", "externalId");

-- CreateIndex
CREATE INDEX "Survey_communityId_status_idx" ON "Survey"("communityId", "status");

-- CreateIndex
CREATE INDEX "InProgressResponse_surveyId_idx" ON "InProgressResponse"("surveyId");

-- CreateIndex
CREATE INDEX "PendingRelease_surveyId_idx" ON "PendingRelease"("surveyId");

-- CreateIndex
CREATE INDEX "Response_surveyId_batch_idx" ON "Response"("surveyId", "batch");

-- CreateIndex
CREATE INDEX "Response_surveyId_importFingerprint_idx" ON "Response"("surveyId", "importFingerprint");

-- CreateIndex
CREATE INDEX "Completion_surveyId_idx" ON "Completion"("surveyId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyInvitation_surveyId_key" ON "SurveyInvitation"("surveyId");

-- CreateIndex
CREATE INDEX "ActiveSurvey_surveyId_idx" ON "ActiveSurvey"("surveyId");

-- CreateIndex
CREATE INDEX "CmePoint_communityId_lastSharedAt_idx" ON "CmePoint"("communityId", "lastSharedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CmePoint_communityId_key_key" ON "CmePoint"("communityId", "key");

-- CreateIndex
CREATE INDEX "RunClaim_communityId_job_claimedAt_idx" ON "RunClaim"("communityId", "job", "claimedAt");

-- CreateIndex
CREATE INDEX "Form_communityId_createdAt_idx" ON "Form"("communityId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Form_definitionId_version_key" ON "Form"("definitionId", "version");

-- CreateIndex
CREATE INDEX "ProcessedUpdate_seenAt_idx" ON "ProcessedUpdate"("seenAt");

-- AddForeignKey
ALTER TABLE "Survey" ADD CONSTRAINT "Survey_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InProgressResponse" ADD CONSTRAINT "InProgressResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PendingRelease" ADD CONSTRAINT "PendingRelease_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Response" ADD CONSTRAINT "Response_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImportedFile" ADD CONSTRAINT "ImportedFile_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyInvitation" ADD CONSTRAINT "SurveyInvitation_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ActiveSurvey" ADD CONSTRAINT "ActiveSurvey_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CmePoint" ADD CONSTRAINT "CmePoint_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DigestConfig" ADD CONSTRAINT "DigestConfig_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CmeEndorsement" ADD CONSTRAINT "CmeEndorsement_pointId_fkey" FOREIGN KEY ("pointId") REFERENCES "CmePoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Form" ADD CONSTRAINT "Form_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community"("id") ON DELETE CASCADE ON UPDATE CASCADE;

