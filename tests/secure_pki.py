"""A CA, a server/client certificate and a JAAS file for TLS + SASL tests (unit and integration).

The certificate carries SAN IP:127.0.0.1 and DNS:localhost and EKU serverAuth + clientAuth, like the
certificates the collection deploys; ``server.pem`` is the chain followed by the PKCS#8 key (BEGIN
PRIVATE KEY) in one file, which ZooKeeper's PEM key store and Python's ssl module both read.
"""

import datetime
import ipaddress
import os

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SUPER_USER = "super"
APP_USER = "app"


def _name(common_name):
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _pem_key(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _certificate(subject, issuer, public_key, signing_key, ca, extensions=()):
    now = datetime.datetime.now(datetime.timezone.utc)
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
               .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(minutes=5))
               .not_valid_after(now + datetime.timedelta(days=2))
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    for extension in extensions:
        builder = builder.add_extension(extension, critical=False)
    return builder.sign(signing_key, hashes.SHA256())


def _write(path, data, mode=0o600):
    with open(path, "wb") as handle:
        handle.write(data)
    os.chmod(path, mode)
    return path


def make_pki(directory, name="zkops-test"):
    """Write ca.pem, server.pem (cert + key), client-cert.pem + client-key.pem (the same identity, key apart)
    and other-ca.pem (a CA that signed nothing of ours). Returns {name: path}."""
    os.makedirs(directory, exist_ok=True)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_cert = _certificate(_name("%s CA" % name), _name("%s CA" % name), ca_key.public_key(), ca_key, ca=True,
                           extensions=[x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                     content_commitment=False, key_encipherment=False,
                                                     data_encipherment=False, key_agreement=False,
                                                     encipher_only=False, decipher_only=False)])
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(_name("localhost"), ca_cert.subject, key.public_key(), ca_key, ca=False, extensions=[
        x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
        x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]),
    ])
    other_key = ec.generate_private_key(ec.SECP256R1())
    other_ca = _certificate(_name("other CA"), _name("other CA"), other_key.public_key(), other_key, ca=True)
    cert_pem = cert.public_bytes(serialization.Encoding.PEM)
    paths = {
        "ca": _write(os.path.join(directory, "ca.pem"), ca_cert.public_bytes(serialization.Encoding.PEM), 0o644),
        "server": _write(os.path.join(directory, "server.pem"), cert_pem + _pem_key(key)),
        "client_cert": _write(os.path.join(directory, "client-cert.pem"), cert_pem, 0o644),
        "client_key": _write(os.path.join(directory, "client-key.pem"), _pem_key(key)),
        "other_ca": _write(os.path.join(directory, "other-ca.pem"),
                           other_ca.public_bytes(serialization.Encoding.PEM), 0o644),
    }
    return paths


def write_jaas(path, passwords):
    """A JAAS file whose Server section knows ``passwords`` ({user: password}) for SASL DIGEST-MD5."""
    users = "\n".join('  user_%s="%s"' % (user, password) for user, password in sorted(passwords.items()))
    text = "Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n%s;\n};\n" % users
    return _write(path, text.encode("utf-8"))


def secure_settings(pki):
    """zoo.cfg settings of a TLS (clientAuth=need) + SASL-enforcing server."""
    return {
        "serverCnxnFactory": "org.apache.zookeeper.server.NettyServerCnxnFactory",
        "ssl.keyStore.location": pki["server"],
        "ssl.trustStore.location": pki["ca"],
        "ssl.clientAuth": "need",
        "ssl.hostnameVerification": False,
        "authProvider.1": "org.apache.zookeeper.server.auth.SASLAuthenticationProvider",
        "enforce.auth.enabled": True,
        "enforce.auth.schemes": "sasl",
    }


def secure_jvm_flags(jaas_path):
    # zookeeper.superUser: the SASL user that passes every ACL (a JVM flag: zoo.cfg has no superUser key).
    return ["-Djava.security.auth.login.config=%s" % jaas_path, "-Dzookeeper.superUser=%s" % SUPER_USER]
