-- CreateTable
CREATE TABLE "device_authorizations" (
    "device_code_signature" TEXT NOT NULL,
    "user_code_signature" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "requested_scope" JSONB NOT NULL,
    "requested_audience" JSONB NOT NULL,
    "user_code_state" INTEGER NOT NULL DEFAULT 0,
    "consent_id" TEXT,
    "granted_scope" JSONB NOT NULL,
    "granted_audience" JSONB NOT NULL,
    "encrypted_session" TEXT,
    "last_polled_at" TIMESTAMP(3),

    CONSTRAINT "device_authorizations_pkey" PRIMARY KEY ("device_code_signature")
);

-- CreateIndex
CREATE UNIQUE INDEX "device_authorizations_user_code_signature_key" ON "device_authorizations"("user_code_signature");

-- CreateIndex
CREATE UNIQUE INDEX "device_authorizations_request_id_key" ON "device_authorizations"("request_id");

-- CreateIndex
CREATE INDEX "device_authorizations_client_id_idx" ON "device_authorizations"("client_id");

-- CreateIndex
CREATE INDEX "device_authorizations_consent_id_idx" ON "device_authorizations"("consent_id");

-- AddForeignKey
ALTER TABLE "device_authorizations" ADD CONSTRAINT "device_authorizations_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "device_authorizations" ADD CONSTRAINT "device_authorizations_consent_id_fkey" FOREIGN KEY ("consent_id") REFERENCES "consent_sessions"("consent_request_id") ON DELETE CASCADE ON UPDATE CASCADE;
