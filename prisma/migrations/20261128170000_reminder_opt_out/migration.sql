-- CreateTable
CREATE TABLE "ReminderOptOut" (
    "memberKey" TEXT NOT NULL PRIMARY KEY
);

