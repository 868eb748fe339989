#!/usr/bin/env bash
# A one-node Slurm on this machine, for CI and for developers: start | stop | status.
#
#   sudo scripts/slurm-local.sh start     # writes slurm.conf, a munge key, starts munged, slurmctld, slurmd
#   sudo scripts/slurm-local.sh status    # daemons and node state
#   sudo scripts/slurm-local.sh stop      # stops them by their pids
#
# Installs nothing: install the Debian packages first (`apt-get install --no-install-recommends
# slurm-wlm munge`; .ci/run does). Runs as root (the daemons need it). Every file it writes is
# under SLURM_LOCAL_DIR (default /var/lib/spyts-slurm) except /etc/slurm/slurm.conf, which the
# Slurm client tools read (a slurm.conf written by someone else is kept as slurm.conf.spyts-backup).
# Why these settings: ../shared/reference/wave2-anchors.md §1.4-1.5 (linuxproc and task/none
# because there is no systemd/cgroup here; cons_tres + CR_Core so array tasks share the node;
# NodeName=localhost matches any hostname; ReturnToService=2 so a restart leaves the node usable).
set -euo pipefail

DIR=${SLURM_LOCAL_DIR:-/var/lib/spyts-slurm}
CONF=/etc/slurm/slurm.conf
WAIT_S=${SLURM_LOCAL_WAIT_S:-60}
MARK="# written by spyts scripts/slurm-local.sh"

die() { echo "slurm-local: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || die "$1 not found: install slurm-wlm and munge (apt-get install --no-install-recommends slurm-wlm munge)"; }

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

write_conf() {
  local node
  # the node's real hardware, so that slurmctld does not drain it ("Low socket*core*thread count")
  node=$(slurmd -C | head -1 | sed -E 's/^NodeName=[^ ]+/NodeName=localhost/')
  mkdir -p /etc/slurm "$DIR"/{state,spool,log}
  if [ -f "$CONF" ] && ! grep -q "$MARK" "$CONF"; then cp "$CONF" "$CONF.spyts-backup"; fi
  cat > "$CONF" <<EOF
$MARK
ClusterName=spyts-local
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/filetxt
JobCompLoc=$DIR/log/jobcomp.log
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MaxArraySize=1001
MinJobAge=600
SlurmctldPort=6817
SlurmdPort=6818
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/log/slurmctld.log
SlurmdLogFile=$DIR/log/slurmd.log
$node State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

start_munge() {
  mkdir -p /run/munge /etc/munge /var/lib/munge /var/log/munge
  if ! [ -s /etc/munge/munge.key ]; then
    dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 status=none
  fi
  chown munge:munge /etc/munge/munge.key /run/munge /var/lib/munge /var/log/munge
  chmod 0400 /etc/munge/munge.key
  chmod 0755 /run/munge
  if ! pid_alive /run/munge/munged.pid; then
    runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
  fi
  munge -n | unmunge >/dev/null || die "munge does not work (munge -n | unmunge failed)"
}

start() {
  [ "$(id -u)" -eq 0 ] || die "run as root"
  need slurmd; need slurmctld; need munged; need sinfo
  write_conf
  start_munge
  pid_alive "$DIR/slurmctld.pid" || slurmctld
  pid_alive "$DIR/slurmd.pid" || slurmd
  local t=0 state=""
  while [ "$t" -lt "$WAIT_S" ]; do
    state=$(sinfo -h -n localhost -o %T 2>/dev/null | head -1 || true)
    case "$state" in
      idle|mixed|allocated) echo "slurm-local: node localhost is $state after ${t}s"; return 0 ;;
      down*|drain*) scontrol update nodename=localhost state=resume 2>/dev/null || true ;;
    esac
    sleep 1; t=$((t + 1))
  done
  echo "slurm-local: node not idle after ${WAIT_S}s (state '$state'); last log lines:" >&2
  tail -n 20 "$DIR/log/slurmctld.log" "$DIR/log/slurmd.log" >&2 || true
  exit 1
}

stop_pid() { # pidfile name
  if pid_alive "$1"; then
    local pid; pid=$(cat "$1")
    kill "$pid"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then kill -9 "$pid"; fi
    echo "slurm-local: stopped $2 (pid $pid)"
  fi
  rm -f "$1"
}

stop() {
  stop_pid "$DIR/slurmd.pid" slurmd
  stop_pid "$DIR/slurmctld.pid" slurmctld
  stop_pid /run/munge/munged.pid munged
}

status() {
  for p in "$DIR/slurmctld.pid:slurmctld" "$DIR/slurmd.pid:slurmd" "/run/munge/munged.pid:munged"; do
    if pid_alive "${p%%:*}"; then echo "${p##*:}: running (pid $(cat "${p%%:*}"))"; else echo "${p##*:}: not running"; fi
  done
  sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
