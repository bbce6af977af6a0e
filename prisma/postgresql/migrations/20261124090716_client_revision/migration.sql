-- AlterTable
ALTER TABLE "clients" ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 0;
