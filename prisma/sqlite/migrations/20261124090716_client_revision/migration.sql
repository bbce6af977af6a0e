-- Written by hand: SQLite adds a NOT NULL column with a constant default in
-- place. (The generated migration rebuilt the table, and dropping `clients`
-- with foreign keys on would cascade into tokens and sessions.)
-- AlterTable
ALTER TABLE "clients" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 0;
