# Layer on top of the debootstrap rootfs (imported as zkops/host-rootfs:<hash>).
# Part of the zkops/host recipe: scripts/bench.sh hashes this file.
ARG BASE
FROM ${BASE}
ENV container=docker
# Empty machine-id: systemd makes a fresh one per container at boot, so the
# instances of one image do not share a journal identity.
RUN set -eux; \
    : > /etc/machine-id; rm -f /var/lib/dbus/machine-id; \
    systemctl mask getty.target console-getty.service systemd-udevd.service \
        systemd-udevd-control.socket systemd-udevd-kernel.socket >/dev/null; \
    printf 'APT::Install-Recommends "false";\n' > /etc/apt/apt.conf.d/90zkops-norecommends; \
    rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/*.log
STOPSIGNAL SIGRTMIN+3
CMD ["/lib/systemd/systemd"]
