-- Answer store v2 (issue 9): in-progress answers as one JSON document on a row keyed by the
-- participant key; completed responses released in shuffled batches with fresh ids into
-- Response, which no longer has any link. Written by hand from `prisma migrate diff` so that
-- existing data is carried over (the generated script would drop answers and, by redefining
-- Survey with foreign keys on, cascade-delete invitations).

-- CreateTable
CREATE TABLE "InProgressResponse" (
    "participantKey" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "cursor" TEXT,
    "draft" TEXT,
    "lastDeliveryKey" TEXT,
    "version" INTEGER NOT NULL DEFAULT 0,
    "startedDay" TEXT NOT NULL,
    "updatedDay" TEXT NOT NULL,
    "encryptedAddress" TEXT,
    "lastActivityAt" DATETIME,
    "remindersOff" BOOLEAN NOT NULL DEFAULT false,
    "remindedAt" DATETIME,
    CONSTRAINT "InProgressResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PendingRelease" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    CONSTRAINT "PendingRelease_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ImportedFile" (
    "surveyId" TEXT NOT NULL,
    "fingerprint" TEXT NOT NULL,
    "rows" INTEGER NOT NULL,
    "importedDay" TEXT NOT NULL,

    PRIMARY KEY ("surveyId", "fingerprint"),
    CONSTRAINT "ImportedFile_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CmeEndorsement" (
    "pointId" TEXT NOT NULL,
    "endorserKey" TEXT NOT NULL,

    PRIMARY KEY ("pointId", "endorserKey"),
    CONSTRAINT "CmeEndorsement_pointId_fkey" FOREIGN KEY ("pointId") REFERENCES "CmePoint" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Form" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "communityId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "format" TEXT NOT NULL,
    "contentHash" TEXT NOT NULL,
    "definition" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    CONSTRAINT "Form_communityId_fkey" FOREIGN KEY ("communityId") REFERENCES "Community" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ProcessedUpdate" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "seenAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Lease" (
    "name" TEXT NOT NULL PRIMARY KEY,
    "holder" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL
);

-- AlterTable
ALTER TABLE "RunClaim" ADD COLUMN "leaseUntil" DATETIME;

-- AlterTable (same result as Prisma's redefinition, without the cascade a DROP TABLE "Survey" would run)
ALTER TABLE "Survey" ADD COLUMN "releasedBatches" INTEGER NOT NULL DEFAULT 0;

-- Data: responses in progress keep their link, now on the row that holds their answers.
INSERT INTO "InProgressResponse" ("participantKey", "surveyId", "answers", "cursor", "draft", "lastDeliveryKey", "version", "startedDay", "updatedDay", "encryptedAddress", "lastActivityAt", "remindersOff", "remindedAt")
SELECT l."participantKey", r."surveyId",
       COALESCE((SELECT json_group_object(a."itemCode", json(a."value")) FROM "Answer" a WHERE a."responseId" = r."id"), '{}'),
       r."cursor", r."draft", r."lastDeliveryKey", 0, r."startedDay", r."updatedDay", l."encryptedAddress", l."lastActivityAt", l."remindersOff", l."remindedAt"
FROM "ParticipantLink" l JOIN "Response" r ON r."id" = l."responseId"
WHERE r."status" = 'in_progress';

-- Data: every other response (complete, or imported incomplete) is released as batch 0, in random
-- order and with fresh ids, so that neither follows the order in which they were stored.
CREATE TABLE "new_Response" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "surveyId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "cursor" TEXT,
    "answers" TEXT NOT NULL,
    "batch" INTEGER NOT NULL,
    "startedDay" TEXT NOT NULL,
    "completedDay" TEXT,
    "importFingerprint" TEXT,
    CONSTRAINT "Response_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Response" ("id", "surveyId", "status", "cursor", "answers", "batch", "startedDay", "completedDay")
SELECT lower(hex(randomblob(16))), r."surveyId", r."status", CASE WHEN r."status" = 'complete' THEN NULL ELSE r."cursor" END,
       COALESCE((SELECT json_group_object(a."itemCode", json(a."value")) FROM "Answer" a WHERE a."responseId" = r."id"), '{}'),
       0, r."startedDay", r."completedDay"
FROM "Response" r
WHERE NOT EXISTS (SELECT 1 FROM "ParticipantLink" l WHERE l."responseId" = r."id")
ORDER BY random();

-- DropTable (children first: nothing references "Response" once they are gone)
DROP TABLE "Answer";
DROP TABLE "ParticipantLink";
DROP TABLE "Response";
ALTER TABLE "new_Response" RENAME TO "Response";

-- CreateIndex
CREATE INDEX "Response_surveyId_batch_idx" ON "Response"("surveyId", "batch");
CREATE INDEX "Response_surveyId_importFingerprint_idx" ON "Response"("surveyId", "importFingerprint");
CREATE INDEX "InProgressResponse_surveyId_idx" ON "InProgressResponse"("surveyId");
CREATE INDEX "PendingRelease_surveyId_idx" ON "PendingRelease"("surveyId");
CREATE INDEX "Form_communityId_createdAt_idx" ON "Form"("communityId", "createdAt");
CREATE UNIQUE INDEX "Form_definitionId_version_key" ON "Form"("definitionId", "version");
CREATE INDEX "ProcessedUpdate_seenAt_idx" ON "ProcessedUpdate"("seenAt");
