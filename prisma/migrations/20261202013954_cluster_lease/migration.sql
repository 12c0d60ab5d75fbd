-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "leaseUntil" TIMESTAMP(3),
ADD COLUMN     "ownerEpoch" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ownerNode" TEXT;

-- CreateTable
CREATE TABLE "CommandReceipt" (
    "sessionId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "response" JSONB NOT NULL,
    "seq" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommandReceipt_pkey" PRIMARY KEY ("sessionId","key")
);

-- CreateIndex
CREATE INDEX "Session_ownerNode_idx" ON "Session"("ownerNode");

-- AddForeignKey
ALTER TABLE "CommandReceipt" ADD CONSTRAINT "CommandReceipt_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
