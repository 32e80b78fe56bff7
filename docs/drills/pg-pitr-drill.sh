#!/usr/bin/env bash
# PostgreSQL point-in-time recovery (PITR) drill.
#
# What it does, on a throwaway cluster that lives only in a temp dir:
#   1. initdb a "primary" with WAL archiving on (archive_command copies each WAL segment
#      into an archive dir), start it on 127.0.0.1:56432
#   2. create agente_db.sessions with 1000 rows, take a base backup with pg_basebackup
#      (tar + gzip + manifest), verify that backup with pg_verifybackup, and show which
#      archived WAL a retention cleanup would remove (pg_archivecleanup -n, a dry run)
#   3. write 500 more rows, note the recovery target time, then do the damage:
#      200 rows we do not want, then DROP TABLE sessions
#   4. stop the primary (the "incident"), restore the base backup into a new data dir with
#      restore_command + recovery_target_time + recovery.signal, start it on 127.0.0.1:56433,
#      check the data is exactly the state at the target time, promote it, check it is writable,
#      remove the recovery settings again (ALTER SYSTEM RESET)
#   5. print the measured times, stop every server it started (by PID), remove the temp dir
#
# Usage (as root; the servers themselves run as the postgres user; needs the postgresql-15
# server package, i.e. /usr/lib/postgresql/15/bin, and about 100 MB free in /tmp):
#   sudo bash docs/drills/pg-pitr-drill.sh
# It never touches a running PostgreSQL: it refuses to start if either port is taken.
# Environment overrides:
#   PGBIN=/usr/lib/postgresql/15/bin   PostgreSQL server binaries
#   PRIMARY_PORT=56432 RESTORE_PORT=56433
#   BASE_ROWS=1000                     rows written before the base backup (raise it to size the drill)
#   LATER_ROWS=500                     rows written after the backup, before the target (WAL to replay)
#   KEEP=1                             keep the temp dir (logs, archive) for inspection; servers are still stopped
#
# Exit code: 0 when the restored data matched the target time, non-zero otherwise.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PRIMARY_PORT=${PRIMARY_PORT:-56432}
RESTORE_PORT=${RESTORE_PORT:-56433}
BASE_ROWS=${BASE_ROWS:-1000}
LATER_ROWS=${LATER_ROWS:-500}   # written after the base backup and before the target time: must survive
BAD_ROWS=200                 # written after the target time: must NOT survive
KEEP=${KEEP:-0}

WORK=""
STARTED_PIDS=()

say()  { printf '\n=== %s\n' "$*"; }
die()  { printf 'DRILL FAILED: %s\n' "$*" >&2; exit 1; }
now()  { date +%s.%N; }
secs() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
as_pg() { runuser -u postgres -- "$@"; }

# psql against one port/database; unaligned, tuples only, stop on the first error
q() {
  local port=$1 db=$2 sql=$3
  as_pg "$PGBIN/psql" -h 127.0.0.1 -p "$port" -U postgres -d "$db" -X -q -A -t -v ON_ERROR_STOP=1 -c "$sql"
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Stop a server by the PID in its postmaster.pid: SIGINT = "fast" shutdown
# (roll back open transactions, write a shutdown checkpoint, exit).
stop_server() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -INT "$pid"
  for i in $(seq 1 120); do
    kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.5
  done
  echo "server $pid did not stop after 60 s, sending SIGQUIT (immediate shutdown)" >&2
  kill -QUIT "$pid" 2>/dev/null || true
  sleep 2
}

cleanup() {
  local rc=$? pid
  for pid in "${STARTED_PIDS[@]}"; do
    stop_server "$pid" || true
  done
  if [[ -n "$WORK" && -d "$WORK" ]]; then
    if [[ "$KEEP" == 1 ]]; then
      echo "KEEP=1: left $WORK (logs in $WORK/logs); remove it with: rm -rf $WORK"
    else
      rm -rf "$WORK"
    fi
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_server() {
  local datadir=$1 log=$2 pid
  as_pg "$PGBIN/pg_ctl" -D "$datadir" -l "$log" -w -t 120 start >/dev/null
  pid=$(head -1 "$datadir/postmaster.pid")
  STARTED_PIDS+=("$pid")
  echo "started postgres PID $pid ($datadir)"
}

# ---------------------------------------------------------------- preflight
[[ $(id -u) -eq 0 ]] || die "run as root (the servers run as the postgres user via runuser)"
id postgres >/dev/null 2>&1 || die "no postgres user (install postgresql-15)"
for b in initdb pg_ctl postgres psql pg_basebackup pg_verifybackup; do
  [[ -x "$PGBIN/$b" ]] || die "$PGBIN/$b not found (set PGBIN)"
done
for p in "$PRIMARY_PORT" "$RESTORE_PORT"; do
  port_in_use "$p" && die "port $p on 127.0.0.1 is already in use"
done

say "Drill started $(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $(nproc) cores, $("$PGBIN/postgres" --version)"

WORK=$(mktemp -d /tmp/pg-pitr-drill.XXXXXX)
chmod 755 "$WORK"
mkdir -p "$WORK"/{primary,archive,backup,sock,logs}
chown postgres:postgres "$WORK"/{primary,archive,backup,sock,logs}
chmod 700 "$WORK/primary"
PRIMARY=$WORK/primary
ARCHIVE=$WORK/archive
BACKUP=$WORK/backup
RESTORED=$WORK/restored
echo "work dir: $WORK"

# ---------------------------------------------------------------- 1. primary with WAL archiving
say "1. initdb + WAL archiving, primary on 127.0.0.1:$PRIMARY_PORT"
as_pg "$PGBIN/initdb" -D "$PRIMARY" -U postgres --auth=trust -E UTF8 --locale=C --data-checksums >/dev/null
cat >>"$PRIMARY/postgresql.conf" <<EOF

# --- pitr drill ---
listen_addresses = '127.0.0.1'
port = $PRIMARY_PORT
unix_socket_directories = '$WORK/sock'
wal_level = replica
archive_mode = on
archive_command = 'test ! -f $ARCHIVE/%f && cp %p $ARCHIVE/%f.tmp && mv $ARCHIVE/%f.tmp $ARCHIVE/%f'
archive_timeout = 60
EOF
start_server "$PRIMARY" "$WORK/logs/primary.log"

# ---------------------------------------------------------------- 2. data, base backup, backup check
say "2. create agente_db.sessions with $BASE_ROWS rows"
q "$PRIMARY_PORT" postgres "CREATE DATABASE agente_db"
q "$PRIMARY_PORT" agente_db "CREATE TABLE sessions (
    id bigserial PRIMARY KEY,
    guest text NOT NULL,
    phase text NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT clock_timestamp())"
q "$PRIMARY_PORT" agente_db "INSERT INTO sessions (guest, phase)
    SELECT 'guest-' || g, 'before-backup' FROM generate_series(1, $BASE_ROWS) g"

say "2b. pg_basebackup (tar, gzip, WAL streamed into the backup, fast checkpoint)"
t=$(now)
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres \
  -D "$BACKUP" -Ft -z -X stream -c fast
BACKUP_SECS=$(secs "$t" "$(now)")
ls -l "$BACKUP"
echo "base backup took ${BACKUP_SECS}s"

say "2c. verify the backup (extract to a scratch dir, pg_verifybackup against backup_manifest)"
t=$(now)
VERIFY=$WORK/verify
mkdir "$VERIFY"; chown postgres:postgres "$VERIFY"; chmod 700 "$VERIFY"
as_pg tar -xzf "$BACKUP/base.tar.gz" -C "$VERIFY"
as_pg tar -xzf "$BACKUP/pg_wal.tar.gz" -C "$VERIFY/pg_wal"
as_pg "$PGBIN/pg_verifybackup" -m "$BACKUP/backup_manifest" "$VERIFY"
rm -rf "$VERIFY"
VERIFY_SECS=$(secs "$t" "$(now)")
echo "backup verification took ${VERIFY_SECS}s"

say "2d. retention check: which archived WAL is older than this backup (pg_archivecleanup dry run)"
FIRST_WAL=$(tar -xzOf "$BACKUP/base.tar.gz" backup_label | sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]*\))$/\1/p')
[[ -n "$FIRST_WAL" ]] || die "could not read START WAL LOCATION from backup_label"
echo "backup starts at WAL $FIRST_WAL; older segments that a cleanup would remove:"
as_pg "$PGBIN/pg_archivecleanup" -n "$ARCHIVE" "$FIRST_WAL" | sed -E 's/^/  /'

# ---------------------------------------------------------------- 3. more data, target time, damage
say "3. $LATER_ROWS rows after the backup (must survive)"
q "$PRIMARY_PORT" agente_db "INSERT INTO sessions (guest, phase)
    SELECT 'guest-late-' || g, 'after-backup' FROM generate_series(1, $LATER_ROWS) g"
DB_SIZE=$(q "$PRIMARY_PORT" postgres "SELECT pg_size_pretty(pg_database_size('agente_db'))")
sleep 1
TARGET=$(q "$PRIMARY_PORT" agente_db "SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'")
echo "recovery target time: $TARGET"
sleep 1

say "3b. the damage: $BAD_ROWS unwanted rows, then DROP TABLE sessions"
q "$PRIMARY_PORT" agente_db "INSERT INTO sessions (guest, phase)
    SELECT 'junk-' || g, 'after-target' FROM generate_series(1, $BAD_ROWS) g"
q "$PRIMARY_PORT" agente_db "DROP TABLE sessions"

# Close the current WAL segment and wait until the archiver has copied it, so that the
# archive holds the WAL past the target (recovery must see a commit after the target to stop there).
SWITCHED=$(q "$PRIMARY_PORT" postgres "SELECT pg_walfile_name(pg_switch_wal())")
for i in $(seq 1 120); do
  [[ $(q "$PRIMARY_PORT" postgres "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") == "$SWITCHED" ]] && break
  sleep 0.5
done
[[ $(q "$PRIMARY_PORT" postgres "SELECT coalesce(last_archived_wal, '') FROM pg_stat_archiver") == "$SWITCHED" ]] \
  || die "WAL segment $SWITCHED was not archived within 60 s (see $WORK/logs/primary.log)"
q "$PRIMARY_PORT" postgres "SELECT 'archived: ' || archived_count || ', failed: ' || failed_count || ', last: ' || last_archived_wal FROM pg_stat_archiver"

ARCHIVE_SIZE=$(du -sh "$ARCHIVE" | cut -f1)
BACKUP_SIZE=$(du -sh "$BACKUP" | cut -f1)

say "3c. stop the primary (by PID)"
PRIMARY_PID=$(head -1 "$PRIMARY/postmaster.pid")
stop_server "$PRIMARY_PID"
echo "primary $PRIMARY_PID stopped"

# ---------------------------------------------------------------- 4. restore (timed)
say "4. restore base backup + archived WAL to $TARGET, server on 127.0.0.1:$RESTORE_PORT"
T0=$(now)
mkdir "$RESTORED"; chown postgres:postgres "$RESTORED"; chmod 700 "$RESTORED"
as_pg tar -xzf "$BACKUP/base.tar.gz" -C "$RESTORED"
# pg_wal.tar.gz is deliberately NOT extracted: every segment must come from the archive,
# which is what a real restore depends on.
cat >>"$RESTORED/postgresql.auto.conf" <<EOF
# --- pitr drill: recovery settings (remove after promotion) ---
port = $RESTORE_PORT
archive_mode = off
restore_command = 'cp $ARCHIVE/%f %p'
recovery_target_time = '$TARGET'
recovery_target_action = 'pause'
EOF
as_pg touch "$RESTORED/recovery.signal"
start_server "$RESTORED" "$WORK/logs/restored.log"

for i in $(seq 1 240); do
  [[ $(q "$RESTORE_PORT" postgres "SELECT pg_get_wal_replay_pause_state()") == paused ]] && break
  sleep 0.5
done
[[ $(q "$RESTORE_PORT" postgres "SELECT pg_get_wal_replay_pause_state()") == paused ]] \
  || die "recovery did not pause at the target (see $WORK/logs/restored.log)"

say "4b. verify the data as of the target time (server is read-only, paused at the target)"
TOTAL=$(q "$RESTORE_PORT" agente_db "SELECT count(*) FROM sessions")
BEFORE=$(q "$RESTORE_PORT" agente_db "SELECT count(*) FROM sessions WHERE phase = 'before-backup'")
AFTER=$(q "$RESTORE_PORT" agente_db "SELECT count(*) FROM sessions WHERE phase = 'after-backup'")
JUNK=$(q "$RESTORE_PORT" agente_db "SELECT count(*) FROM sessions WHERE phase = 'after-target'")
NEWEST_OK=$(q "$RESTORE_PORT" agente_db "SELECT max(updated_at) <= '$TARGET'::timestamptz FROM sessions")
echo "sessions: total=$TOTAL before-backup=$BEFORE after-backup=$AFTER after-target=$JUNK newest<=target: $NEWEST_OK"
[[ "$BEFORE" == "$BASE_ROWS" ]]  || die "expected $BASE_ROWS before-backup rows, got $BEFORE"
[[ "$AFTER"  == "$LATER_ROWS" ]] || die "expected $LATER_ROWS after-backup rows, got $AFTER"
[[ "$JUNK"   == 0 ]]             || die "expected 0 after-target rows, got $JUNK"
[[ "$NEWEST_OK" == t ]]          || die "newest row is later than the target"
T1=$(now)

say "4c. promote (end recovery) and check the database takes writes"
q "$RESTORE_PORT" postgres "SELECT pg_wal_replay_resume()" >/dev/null
for i in $(seq 1 120); do
  [[ $(q "$RESTORE_PORT" postgres "SELECT pg_is_in_recovery()") == f ]] && break
  sleep 0.5
done
[[ $(q "$RESTORE_PORT" postgres "SELECT pg_is_in_recovery()") == f ]] || die "server did not leave recovery"
q "$RESTORE_PORT" agente_db "INSERT INTO sessions (guest, phase) VALUES ('drill-write-check', 'after-restore')"
# Take the one-off recovery settings out of postgresql.auto.conf, so that they cannot surprise
# anyone who later puts a recovery.signal or standby.signal into this data dir. No reload: these
# settings only take effect at server start, and without recovery.signal they are ignored.
q "$RESTORE_PORT" postgres "ALTER SYSTEM RESET restore_command"
q "$RESTORE_PORT" postgres "ALTER SYSTEM RESET recovery_target_time"
q "$RESTORE_PORT" postgres "ALTER SYSTEM RESET recovery_target_action"
grep -qE '^(restore_command|recovery_target)' "$RESTORED/postgresql.auto.conf" \
  && die "recovery settings still in postgresql.auto.conf"
TIMELINE=$(q "$RESTORE_PORT" postgres "SELECT timeline_id FROM pg_control_checkpoint()")
T2=$(now)

say "4d. what the restored server logged"
grep -E 'starting point-in-time recovery|restored log file|recovery stopping|pausing at the end|selected new timeline|database system is ready' \
  "$WORK/logs/restored.log" | sed -E 's/^/  /' | tail -n 12 || true

RESTORED_PID=$(head -1 "$RESTORED/postmaster.pid")
stop_server "$RESTORED_PID"

# ---------------------------------------------------------------- 5. report
say "RESULT: PASS"
cat <<EOF
  target time                         $TARGET
  sizes                               agente_db $DB_SIZE at the target time, base backup $BACKUP_SIZE, WAL archive $ARCHIVE_SIZE
  rows restored                       $TOTAL (before-backup $BEFORE + after-backup $AFTER; after-target $JUNK)
  base backup (pg_basebackup)         ${BACKUP_SECS}s
  backup verification                 ${VERIFY_SECS}s
  restore -> verified, read-only      $(secs "$T0" "$T1")s   (extract backup, replay archived WAL to target, queries checked)
  restore -> promoted and writable    $(secs "$T0" "$T2")s   (new timeline $TIMELINE)
EOF
