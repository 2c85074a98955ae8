#!/bin/sh
# Nightly PostgreSQL dump (custom format) and, with MEDIA_ROOT, an archive of the uploaded photos,
# kept BACKUP_KEEP_DAYS days. Run by afn-directory-backup.timer.
# Restore: docs/deploy.md, "Restoring a backup".
set -eu
BACKUP_DIR="${BACKUP_DIR:-/var/backups/afn-directory}"
BACKUP_KEEP_DAYS="${BACKUP_KEEP_DAYS:-14}"
: "${DATABASE_URL:?DATABASE_URL is not set}"
mkdir -p "$BACKUP_DIR"
file="$BACKUP_DIR/afn_directory-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --dbname="$DATABASE_URL" --file="$file.part"
mv "$file.part" "$file"
# A dump that pg_restore cannot list is not a backup.
pg_restore --list "$file" >/dev/null
find "$BACKUP_DIR" -name 'afn_directory-*.dump' -mtime +"$BACKUP_KEEP_DAYS" -delete
# The workshops' photos (MEDIA_ROOT), beside the dump that names them.
if [ -n "${MEDIA_ROOT:-}" ] && [ -d "$MEDIA_ROOT" ]; then
    media="$BACKUP_DIR/afn_directory-media-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
    tar -C "$MEDIA_ROOT" -czf "$media.part" .
    mv "$media.part" "$media"
    tar -tzf "$media" >/dev/null
    find "$BACKUP_DIR" -name 'afn_directory-media-*.tar.gz' -mtime +"$BACKUP_KEEP_DAYS" -delete
    echo "photos backed up: $media"
fi
echo "backup written: $file"
