# zkops/host plus a Java runtime, for scenarios that do not test the Java
# install path. apt reaches Debian's mirror from the build container.
ARG BASE
FROM ${BASE}
RUN set -eux; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless; \
    java -version; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
