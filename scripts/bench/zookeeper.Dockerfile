# Local stand-in for Docker Hub's official `zookeeper:<version>` image, built
# from the bench's Apache-layout tarball on top of zkops/host-java (no pull).
# Same contract as the official image: install dir /apache-zookeeper-<v>-bin,
# bin/ on PATH, ZOO_* defaults, user zookeeper (1000:1000), volumes, ports,
# /docker-entrypoint.sh, CMD zkServer.sh start-foreground.
ARG BASE
FROM ${BASE}
ARG ZK_VERSION
ARG DISTRO_NAME=apache-zookeeper-${ZK_VERSION}-bin

ENV ZOO_CONF_DIR=/conf \
    ZOO_DATA_DIR=/data \
    ZOO_DATA_LOG_DIR=/datalog \
    ZOO_LOG_DIR=/logs \
    ZOO_TICK_TIME=2000 \
    ZOO_INIT_LIMIT=5 \
    ZOO_SYNC_LIMIT=2 \
    ZOO_AUTOPURGE_PURGEINTERVAL=0 \
    ZOO_AUTOPURGE_SNAPRETAINCOUNT=3 \
    ZOO_MAX_CLIENT_CNXNS=60 \
    ZOO_STANDALONE_ENABLED=true \
    ZOO_ADMINSERVER_ENABLED=true

RUN set -eux; \
    groupadd -r zookeeper --gid=1000; \
    useradd -r -g zookeeper --uid=1000 zookeeper; \
    mkdir -p "$ZOO_DATA_LOG_DIR" "$ZOO_DATA_DIR" "$ZOO_CONF_DIR" "$ZOO_LOG_DIR"; \
    chown zookeeper:zookeeper "$ZOO_DATA_LOG_DIR" "$ZOO_DATA_DIR" "$ZOO_CONF_DIR" "$ZOO_LOG_DIR"

# ADD unpacks the local tarball into /
ADD ${DISTRO_NAME}.tar.gz /
RUN set -eux; \
    mv "/$DISTRO_NAME/conf/"* "$ZOO_CONF_DIR"; \
    chown -R zookeeper:zookeeper "/$DISTRO_NAME" "$ZOO_CONF_DIR"

WORKDIR /${DISTRO_NAME}
VOLUME ["/data", "/datalog", "/logs"]
EXPOSE 2181 2888 3888 8080
ENV PATH=$PATH:/${DISTRO_NAME}/bin \
    ZOOCFGDIR=/conf

COPY docker-entrypoint.sh /
# The systemd base image stops with SIGRTMIN+3; a ZooKeeper server wants TERM.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/docker-entrypoint.sh"]
CMD ["zkServer.sh", "start-foreground"]
