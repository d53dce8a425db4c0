# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/install-deps with stand-in apt-get, dpkg-query, id and sudo on PATH: no packages are
installed, no root needed, no network.  The policy-rc.d that keeps daemons from starting is
moved into the test's directory by WIREBOOT_POLICY_RC_D.

Checked (issue #18 part 1: a pre-existing policy-rc.d made the EXIT trap fail the script):
exit status 0 with and without a pre-existing policy-rc.d, as root and through sudo; a
pre-existing file is left byte-for-byte untouched; the script's own file exists while apt-get
runs (it answers 101) and is gone afterwards; apt-get installs exactly the missing packages."""
import os
import re
import stat
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCRIPT = os.path.join(ROOT, "scripts", "install-deps")

# The stand-ins log one line per call to $FAKE_LOG; dpkg-query reports every package as
# installed except the ones listed in $FAKE_MISSING.  apt-get records what policy-rc.d says
# while it runs, the way invoke-rc.d would ask it.
FAKES = {
    "dpkg-query": """#!/bin/sh
pkg=$(eval echo \\${$#})
for m in $FAKE_MISSING; do [ "$m" = "$pkg" ] && { echo "dpkg-query: no packages found matching $pkg" >&2; exit 1; }; done
printf 'install ok installed'
""",
    "apt-get": """#!/bin/sh
if [ -x "$WIREBOOT_POLICY_RC_D" ]; then "$WIREBOOT_POLICY_RC_D" dnsmasq start; p=$?; else p=none; fi
echo "apt-get $* policy=$p" >> "$FAKE_LOG"
""",
    "id": """#!/bin/sh
echo "$FAKE_UID"
""",
    "sudo": """#!/bin/sh
echo "sudo $1" >> "$FAKE_LOG"
exec "$@"
""",
}

PRE_EXISTING = "#!/bin/sh\n# the image's own policy\nexit 0\n"


def packages_of_script():
    text = open(SCRIPT).read()
    body = re.search(r"^packages=\((.*?)^\)", text, re.S | re.M).group(1)
    return [w for line in body.splitlines() for w in line.split("#")[0].split()]


def run_install_deps(tmp_path, missing, uid, policy_before):
    fakes = tmp_path / "bin"
    fakes.mkdir()
    for name, text in FAKES.items():
        (fakes / name).write_text(text)
        (fakes / name).chmod(0o755)
    policy = tmp_path / "policy-rc.d"
    if policy_before is not None:
        policy.write_text(policy_before)
        policy.chmod(0o755)
    log = tmp_path / "calls.log"
    log.write_text("")
    env = dict(os.environ, PATH=f"{fakes}:{os.environ['PATH']}", FAKE_LOG=str(log),
               FAKE_MISSING=" ".join(missing), FAKE_UID=str(uid),
               WIREBOOT_POLICY_RC_D=str(policy))
    p = subprocess.run(["bash", SCRIPT], env=env, capture_output=True, text=True, timeout=60)
    return p, policy, log.read_text().splitlines()


@pytest.mark.parametrize("uid", [0, 1000], ids=["root", "sudo"])
@pytest.mark.parametrize("policy_before", [None, PRE_EXISTING], ids=["no-policy", "own-policy"])
def test_missing_packages_installed(tmp_path, uid, policy_before):
    pkgs = packages_of_script()
    missing = [pkgs[0], pkgs[-1]]
    p, policy, calls = run_install_deps(tmp_path, missing, uid, policy_before)
    assert p.returncode == 0, p.stderr
    assert "install-deps: done" in p.stdout
    apt = [c for c in calls if c.startswith("apt-get")]
    # Our policy answers 101 (do not start) while apt-get runs; a pre-existing one is kept.
    want_policy = "101" if policy_before is None else "0"
    assert apt == [f"apt-get update -q policy={want_policy}",
                   f"apt-get install -y -q --no-install-recommends {' '.join(missing)} "
                   f"policy={want_policy}"]
    if policy_before is None:
        assert not policy.exists(), "install-deps left its policy-rc.d behind"
    else:
        assert policy.read_text() == policy_before
        assert stat.S_IMODE(policy.stat().st_mode) == 0o755
    assert any(c.startswith("sudo") for c in calls) == (uid != 0)


@pytest.mark.parametrize("policy_before", [None, PRE_EXISTING], ids=["no-policy", "own-policy"])
def test_all_present_does_nothing(tmp_path, policy_before):
    p, policy, calls = run_install_deps(tmp_path, [], 0, policy_before)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"install-deps: all {len(packages_of_script())} packages already installed\n"
    assert calls == []
    if policy_before is None:
        assert not policy.exists()
    else:
        assert policy.read_text() == policy_before
