-- CreateTable
CREATE TABLE "logout_requests" (
    "challenge_hash" TEXT NOT NULL,
    "verifier_hash" TEXT,
    "subject" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "client_id" TEXT,
    "rp_initiated" BOOLEAN NOT NULL,
    "encrypted_request_url" TEXT NOT NULL,
    "post_logout_redirect_uri" TEXT NOT NULL,
    "csrf" TEXT NOT NULL,
    "accepted" BOOLEAN NOT NULL DEFAULT false,
    "rejected" BOOLEAN NOT NULL DEFAULT false,
    "was_used" BOOLEAN NOT NULL DEFAULT false,
    "requested_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "logout_requests_pkey" PRIMARY KEY ("challenge_hash")
);

-- CreateIndex
CREATE UNIQUE INDEX "logout_requests_verifier_hash_key" ON "logout_requests"("verifier_hash");

-- CreateIndex
CREATE INDEX "logout_requests_expires_at_idx" ON "logout_requests"("expires_at");
