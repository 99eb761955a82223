#!/usr/bin/env bash
# Adds an EF Core migration for both databases (SQLite and PostgreSQL), each into its own folder.
# Usage: scripts/add-migration.sh NameOfTheChange      (needs: dotnet tool install -g dotnet-ef --version 10.0.15)
set -euo pipefail
cd "$(dirname "$0")/.."
name=${1:?name of the migration}
project=src/ChatCommerce.Infrastructure
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$name" --context "${provider}ChatCommerceDbContext" \
    --output-dir "Data/Migrations/$provider" --namespace "ChatCommerce.Infrastructure.Data.Migrations.$provider" \
    --project "$project" --startup-project "$project"
  # dotnet-ef 10 writes the model snapshot into a folder named after the namespace: put it beside its migrations.
  stray="$project/ChatCommerce/Infrastructure/Data/Migrations/$provider"
  if [ -d "$stray" ]; then mv "$stray"/*.cs "$project/Data/Migrations/$provider/"; fi
done
rm -rf "$project/ChatCommerce" "$project/design-time.db"
