#!/usr/bin/env bash
# Entrypoint of the zkops/zookeeper bench images. Written for this project to
# honour the contract of the official `zookeeper` image's entrypoint:
#  - started as root with CMD zkServer.sh: hand the data/log dirs to the
#    zookeeper user and re-run itself as that user;
#  - run /docker-entrypoint.d/*.sh (executable) and source *.envsh;
#  - generate $ZOO_CONF_DIR/zoo.cfg from ZOO_* variables ONLY when it is missing
#    (a mounted zoo.cfg wins);
#  - write $ZOO_DATA_DIR/myid from ZOO_MY_ID (default 1) ONLY when it is missing;
#  - exec the command.
set -e

if [[ "$1" == 'zkServer.sh' && "$(id -u)" == '0' ]]; then
    chown -R zookeeper "$ZOO_DATA_DIR" "$ZOO_DATA_LOG_DIR" "$ZOO_LOG_DIR"
    exec setpriv --reuid="$(id -u zookeeper)" --regid="$(id -g zookeeper)" --init-groups "$0" "$@"
fi

if [[ -d /docker-entrypoint.d ]]; then
    while IFS= read -r hook; do
        case "$hook" in
            *.envsh) if [[ -x "$hook" ]]; then echo "Sourcing $hook"; . "$hook"; else echo "Ignoring $hook, not executable"; fi ;;
            *.sh)    if [[ -x "$hook" ]]; then echo "Launching $hook"; "$hook"; else echo "Ignoring $hook, not executable"; fi ;;
            *)       echo "Ignoring $hook" ;;
        esac
    done < <(find /docker-entrypoint.d/ -follow -mindepth 1 -maxdepth 1 -type f -print | sort -V)
fi

cfg="$ZOO_CONF_DIR/zoo.cfg"
if [[ ! -f "$cfg" ]]; then
    {
        printf 'dataDir=%s\n' "$ZOO_DATA_DIR"
        printf 'dataLogDir=%s\n' "$ZOO_DATA_LOG_DIR"
        printf 'tickTime=%s\n' "$ZOO_TICK_TIME"
        printf 'initLimit=%s\n' "$ZOO_INIT_LIMIT"
        printf 'syncLimit=%s\n' "$ZOO_SYNC_LIMIT"
        printf 'autopurge.snapRetainCount=%s\n' "$ZOO_AUTOPURGE_SNAPRETAINCOUNT"
        printf 'autopurge.purgeInterval=%s\n' "$ZOO_AUTOPURGE_PURGEINTERVAL"
        printf 'maxClientCnxns=%s\n' "$ZOO_MAX_CLIENT_CNXNS"
        printf 'standaloneEnabled=%s\n' "$ZOO_STANDALONE_ENABLED"
        printf 'admin.enableServer=%s\n' "$ZOO_ADMINSERVER_ENABLED"
        # ZOO_SERVERS: whitespace-separated server.N=host:peer:election[;client] entries
        for server in ${ZOO_SERVERS:-server.1=localhost:2888:3888;2181}; do
            printf '%s\n' "$server"
        done
        if [[ -n "${ZOO_4LW_COMMANDS_WHITELIST:-}" ]]; then
            printf '4lw.commands.whitelist=%s\n' "$ZOO_4LW_COMMANDS_WHITELIST"
        fi
        # ZOO_CFG_EXTRA: whitespace-separated key=value entries, appended verbatim
        for extra in ${ZOO_CFG_EXTRA:-}; do
            printf '%s\n' "$extra"
        done
    } >> "$cfg"
fi

if [[ ! -f "$ZOO_DATA_DIR/myid" ]]; then
    echo "${ZOO_MY_ID:-1}" > "$ZOO_DATA_DIR/myid"
fi

exec "$@"
