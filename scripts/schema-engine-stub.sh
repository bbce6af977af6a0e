#!/bin/sh
# Placeholder for Prisma's native schema engine. `prisma generate` only checks
# that this file exists and never runs it; Gatehouse applies migrations with the
# WebAssembly schema engine instead (`gatehouse migrate up`). See README.md.
echo "gatehouse: the native Prisma schema engine is not used; run 'gatehouse migrate up'." >&2
exit 1
