-- CreateTable
CREATE TABLE "login_sessions" (
    "id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "authenticated_at" TIMESTAMP(3) NOT NULL,
    "remember" BOOLEAN NOT NULL DEFAULT false,
    "identity_provider_session_id" TEXT NOT NULL DEFAULT '',
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "login_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_sessions" (
    "id" TEXT NOT NULL,
    "consent_request_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "login_session_id" TEXT,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "handled_at" TIMESTAMP(3) NOT NULL,
    "skip" BOOLEAN NOT NULL DEFAULT false,
    "remember" BOOLEAN NOT NULL DEFAULT false,
    "remember_for" INTEGER NOT NULL DEFAULT 0,
    "expires_at" TIMESTAMP(3),
    "requested_scope" JSONB NOT NULL,
    "requested_audience" JSONB NOT NULL,
    "granted_scope" JSONB NOT NULL,
    "granted_audience" JSONB NOT NULL,
    "encrypted_request" TEXT NOT NULL,
    "encrypted_session" TEXT NOT NULL,

    CONSTRAINT "consent_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "oauth2_tokens" (
    "signature" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "request_id" TEXT NOT NULL,
    "consent_id" TEXT,
    "client_id" TEXT NOT NULL,
    "subject" TEXT NOT NULL DEFAULT '',
    "requested_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "granted_scope" JSONB NOT NULL,
    "granted_audience" JSONB NOT NULL,
    "encrypted_session" TEXT NOT NULL,
    "first_used_at" TIMESTAMP(3),
    "used_times" INTEGER NOT NULL DEFAULT 0,
    "access_token_signature" TEXT,

    CONSTRAINT "oauth2_tokens_pkey" PRIMARY KEY ("signature")
);

-- CreateTable
CREATE TABLE "used_jtis" (
    "signature" TEXT NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "used_jtis_pkey" PRIMARY KEY ("signature")
);

-- CreateIndex
CREATE INDEX "login_sessions_subject_idx" ON "login_sessions"("subject");

-- CreateIndex
CREATE UNIQUE INDEX "consent_sessions_consent_request_id_key" ON "consent_sessions"("consent_request_id");

-- CreateIndex
CREATE INDEX "consent_sessions_subject_client_id_requested_at_idx" ON "consent_sessions"("subject", "client_id", "requested_at");

-- CreateIndex
CREATE INDEX "consent_sessions_login_session_id_idx" ON "consent_sessions"("login_session_id");

-- CreateIndex
CREATE INDEX "oauth2_tokens_request_id_idx" ON "oauth2_tokens"("request_id");

-- CreateIndex
CREATE INDEX "oauth2_tokens_client_id_kind_idx" ON "oauth2_tokens"("client_id", "kind");

-- CreateIndex
CREATE INDEX "oauth2_tokens_consent_id_idx" ON "oauth2_tokens"("consent_id");

-- CreateIndex
CREATE INDEX "used_jtis_expires_at_idx" ON "used_jtis"("expires_at");

-- AddForeignKey
ALTER TABLE "consent_sessions" ADD CONSTRAINT "consent_sessions_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_sessions" ADD CONSTRAINT "consent_sessions_login_session_id_fkey" FOREIGN KEY ("login_session_id") REFERENCES "login_sessions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth2_tokens" ADD CONSTRAINT "oauth2_tokens_client_id_fkey" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "oauth2_tokens" ADD CONSTRAINT "oauth2_tokens_consent_id_fkey" FOREIGN KEY ("consent_id") REFERENCES "consent_sessions"("consent_request_id") ON DELETE CASCADE ON UPDATE CASCADE;
