-- CreateTable
CREATE TABLE "CmePoint" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "firstSharedAt" DATETIME NOT NULL,
    "lastSharedAt" DATETIME NOT NULL,
    CONSTRAINT "CmePoint_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DigestConfig" (
    "communityId" TEXT NOT NULL PRIMARY KEY,
    "destination" TEXT,
    "weekday" INTEGER NOT NULL,
    "time" TEXT NOT NULL,
    "timeZone" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "emptyWeeks" BOOLEAN NOT NULL,
    "results" BOOLEAN NOT NULL,
    "language" TEXT NOT NULL,
    CONSTRAINT "DigestConfig_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RunClaim" (
    "communityId" TEXT NOT NULL,
    "job" TEXT NOT NULL,
    "periodKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "claimedAt" DATETIME NOT NULL,
    "finishedAt" DATETIME,
    "coversFrom" DATETIME,
    "coversTo" DATETIME,
    "detail" TEXT,
    "instance" TEXT NOT NULL,

    PRIMARY KEY ("communityId", "job", "periodKey")
);

-- AlterTable: reminder fields on the in-progress link only (deleted at completion)
ALTER TABLE "ParticipantLink" ADD COLUMN "lastActivityAt" DATETIME;
ALTER TABLE "ParticipantLink" ADD COLUMN "remindersOff" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "ParticipantLink" ADD COLUMN "remindedAt" DATETIME;

-- CreateIndex
CREATE INDEX "CmePoint_communityId_lastSharedAt_idx" ON "CmePoint"("communityId", "lastSharedAt");

-- CreateIndex
CREATE UNIQUE INDEX "CmePoint_communityId_key_key" ON "CmePoint"("communityId", "key");

-- CreateIndex
CREATE INDEX "RunClaim_communityId_job_claimedAt_idx" ON "RunClaim"("communityId", "job", "claimedAt");
