# SPDX-License-Identifier: GPL-2.0-or-later
"""Certificates for the HTTPS tests, made with the openssl command line as an admin would:
a CA (RSA 2048), a second CA nobody trusts, and server certificates signed by them (EC P-256)
- for the right name, for another name, and already expired - plus `openssl s_server -WWW`,
an independent HTTPS server, serving a tree, and a small HTTPS server that redirects."""
import os
import subprocess
import sys
import time


def _run(*argv, cwd):
    subprocess.run(["openssl", *argv], cwd=cwd, check=True, capture_output=True)


class Pki:
    def __init__(self, workdir):
        self.dir = os.path.join(workdir, "pki")
        os.makedirs(self.dir, exist_ok=True)
        self.make_ca("ca", "wireboot test CA")
        self.make_ca("other-ca", "Somebody Else's CA")

    def path(self, name):
        return os.path.join(self.dir, name)

    def make_ca(self, name, cn, key="rsa:2048"):
        """name.pem / name.key: a self-signed certificate (a CA, or a file signer's); key
        "rsa:2048" or "ec" (P-256)."""
        key_args = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"] if key == "ec" \
            else ["-newkey", key]
        _run("req", "-x509", *key_args, "-nodes", "-keyout", f"{name}.key",
             "-out", f"{name}.pem", "-days", "30", "-subj", f"/CN={cn}/O=wireboot tests",
             cwd=self.dir)

    def server_cert(self, name, host, ca="ca", days=7):
        """name.pem / name.key: an EC P-256 server certificate for DNS name `host`, signed by
        `ca`; days=-1 makes one that expired yesterday."""
        _run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", f"/CN={host}", cwd=self.dir)
        with open(self.path(f"{name}.ext"), "w") as f:
            f.write(f"subjectAltName=DNS:{host}\nbasicConstraints=CA:FALSE\n")
        _run("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key",
             "-CAcreateserial", "-days", str(days), "-extfile", f"{name}.ext", "-out",
             f"{name}.pem", cwd=self.dir)
        return self.path(f"{name}.pem"), self.path(f"{name}.key")


def start_s_server(netns, root, cert, key, port=443, family=""):
    """openssl s_server -WWW in the namespace, serving files under root on `port`
    (family "-6": on IPv6)."""
    p = netns.start(["sh", "-c", f"cd '{root}' && exec openssl s_server -WWW -quiet {family} "
                     f"-accept {port} -cert '{cert}' -key '{key}'"], f"s_server-{port}.log",
                    name="s_server")
    return _wait_listening(netns, p, port)


# Python's http.server over ssl: GET /moved/NAME answers 302 with Location: TARGET/NAME, any
# other path is served from ROOT.
_REDIRECT_SERVER = """
import http.server, os, ssl, sys
root, cert, key, port, target = sys.argv[1:6]
os.chdir(root)
class Handler(http.server.SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/moved/"):
            self.send_response(302)
            self.send_header("Location", target + self.path[len("/moved"):])
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            super().do_GET()
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server = http.server.HTTPServer(("", int(port)), Handler)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
server.serve_forever()
"""


def start_redirect_server(netns, root, cert, key, target, port=443):
    """An HTTPS server in the namespace on `port` serving root, where /moved/NAME redirects
    (302) to target + "/NAME"."""
    p = netns.start([sys.executable, "-u", "-c", _REDIRECT_SERVER, root, cert, key, str(port),
                     target], f"redirect-{port}.log", name="redirect-server")
    return _wait_listening(netns, p, port)


def _wait_listening(netns, p, port):
    """Wait until something listens on TCP `port` in the namespace; return p."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        ss = subprocess.run(["ip", "netns", "exec", netns.name, "ss", "-ltnH", f"sport = :{port}"],
                            capture_output=True, text=True)
        if ss.stdout.strip():
            return p
        time.sleep(0.1)
    raise AssertionError(f"nothing listening on {port}: {p.log()}")
