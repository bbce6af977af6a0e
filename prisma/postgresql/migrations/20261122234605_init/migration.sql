-- CreateTable
CREATE TABLE "clients" (
    "id" TEXT NOT NULL,
    "client_name" TEXT NOT NULL DEFAULT '',
    "secret_hash" TEXT,
    "rotated_secret_hashes" JSONB NOT NULL,
    "secret_expires_at" INTEGER NOT NULL DEFAULT 0,
    "redirect_uris" JSONB NOT NULL,
    "grant_types" JSONB NOT NULL,
    "response_types" JSONB NOT NULL,
    "scope" TEXT NOT NULL DEFAULT '',
    "audience" JSONB NOT NULL,
    "owner" TEXT NOT NULL DEFAULT '',
    "policy_uri" TEXT NOT NULL DEFAULT '',
    "allowed_cors_origins" JSONB NOT NULL,
    "tos_uri" TEXT NOT NULL DEFAULT '',
    "client_uri" TEXT NOT NULL DEFAULT '',
    "logo_uri" TEXT NOT NULL DEFAULT '',
    "contacts" JSONB NOT NULL,
    "subject_type" TEXT NOT NULL DEFAULT 'public',
    "sector_identifier_uri" TEXT NOT NULL DEFAULT '',
    "jwks_uri" TEXT NOT NULL DEFAULT '',
    "jwks" JSONB,
    "token_endpoint_auth_method" TEXT NOT NULL DEFAULT 'client_secret_basic',
    "token_endpoint_auth_signing_alg" TEXT NOT NULL DEFAULT '',
    "request_uris" JSONB NOT NULL,
    "request_object_signing_alg" TEXT NOT NULL DEFAULT '',
    "userinfo_signed_response_alg" TEXT NOT NULL DEFAULT '',
    "frontchannel_logout_uri" TEXT NOT NULL DEFAULT '',
    "frontchannel_logout_session_required" BOOLEAN NOT NULL DEFAULT false,
    "post_logout_redirect_uris" JSONB NOT NULL,
    "backchannel_logout_uri" TEXT NOT NULL DEFAULT '',
    "backchannel_logout_session_required" BOOLEAN NOT NULL DEFAULT false,
    "metadata" JSONB,
    "access_token_strategy" TEXT NOT NULL DEFAULT '',
    "skip_consent" BOOLEAN NOT NULL DEFAULT false,
    "skip_logout_consent" BOOLEAN,
    "registration_access_token_hash" TEXT,
    "lifespans" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "clients_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "json_web_keys" (
    "pk" TEXT NOT NULL,
    "set_id" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "alg" TEXT NOT NULL DEFAULT '',
    "use" TEXT NOT NULL DEFAULT '',
    "public_jwk" JSONB,
    "encrypted_jwk" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "json_web_keys_pkey" PRIMARY KEY ("pk")
);

-- CreateIndex
CREATE INDEX "clients_client_name_idx" ON "clients"("client_name");

-- CreateIndex
CREATE INDEX "clients_owner_idx" ON "clients"("owner");

-- CreateIndex
CREATE UNIQUE INDEX "json_web_keys_set_id_kid_key" ON "json_web_keys"("set_id", "kid");
