-- CreateTable
CREATE TABLE "trusted_jwt_issuers" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "allow_any_subject" BOOLEAN NOT NULL DEFAULT false,
    "scope" JSONB NOT NULL,
    "key_id" TEXT NOT NULL,
    "public_jwk" JSONB NOT NULL,
    "created_at" DATETIME NOT NULL,
    "expires_at" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "trusted_jwt_issuers_expires_at_idx" ON "trusted_jwt_issuers"("expires_at");

-- CreateIndex
CREATE UNIQUE INDEX "trusted_jwt_issuers_issuer_subject_key_id_key" ON "trusted_jwt_issuers"("issuer", "subject", "key_id");
