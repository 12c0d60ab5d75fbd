-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "readOnly" BOOLEAN NOT NULL DEFAULT false;
