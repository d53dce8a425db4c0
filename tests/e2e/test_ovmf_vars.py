# SPDX-License-Identifier: GPL-2.0-or-later
"""wbtest/ovmf_vars.py (the MokList writer of test_efi_shim.py) on a copy of Debian's
OVMF_VARS_4M.ms.fd: exact offsets and fields of what it reads and writes, and its refusals.
No VM: these run in a second."""
import os
import shutil
import struct
import uuid

import pytest

from wbtest import ovmf_vars as ov

MS_VARS = "/usr/share/OVMF/OVMF_VARS_4M.ms.fd"
OWNER = uuid.UUID("5ea4b1f3-7c2e-4d0a-9b51-3c8e2a6f0d47")
CERT = b"\x30\x82\x01\x00" + bytes(range(256))  # stands in for a DER certificate
# Debian's ovmf 2022.11-6+deb12u2 template: the store header right after the 0x48-byte
# firmware volume header, its variables from 0x64, free space from 0x5998.
STORE_HEADER_AT, FIRST_VAR_AT, FREE_AT = 0x48, 0x64, 0x5998


@pytest.fixture
def vars_copy(tmp_path):
    if not os.path.exists(MS_VARS):
        pytest.skip(f"missing {MS_VARS}: run scripts/install-deps (ovmf)")
    path = str(tmp_path / "vars.fd")
    shutil.copyfile(MS_VARS, path)
    return path


def test_reads_debian_template(vars_copy):
    data = open(vars_copy, "rb").read()
    assert data[STORE_HEADER_AT:STORE_HEADER_AT + 16] == ov.AUTH_VARIABLE_STORE_GUID.bytes_le
    found, free = ov.variables(data)
    assert found[0]["offset"] == FIRST_VAR_AT and free == FREE_AT
    live = {(v["name"], v["guid"]): v for v in found if v["state"] in ov.LIVE_STATES}
    db = live[("db", uuid.UUID("d719b2cb-3d3a-4596-a3bc-dad00e67656f"))]
    assert db["attributes"] == ov.NV | ov.BS | ov.RT | ov.TIME_BASED_AUTH
    assert db["data"][:16] == ov.EFI_CERT_X509_GUID.bytes_le  # an X.509 signature list
    assert ("SecureBootEnable", uuid.UUID("f0a30bc7-af08-4556-99c4-001009c93a44")) in live
    assert not any(name == "MokList" for name, _ in live)


def test_esl_x509_layout():
    esl = ov.esl_x509(CERT, OWNER)
    assert esl[:16] == ov.EFI_CERT_X509_GUID.bytes_le
    assert esl[:16] == bytes.fromhex("a159c0a5e494a74a87b5ab155c2bf072")
    assert struct.unpack_from("<III", esl, 16) == (28 + 16 + len(CERT), 0, 16 + len(CERT))
    assert esl[28:44] == OWNER.bytes_le and esl[44:] == CERT


def test_appends_moklist_with_exact_header(vars_copy):
    esl = ov.esl_x509(CERT, OWNER)
    before = open(vars_copy, "rb").read()
    assert ov.append_variable(vars_copy, "MokList", ov.SHIM_LOCK_GUID, ov.NV | ov.BS,
                              esl) == FREE_AT
    after = open(vars_copy, "rb").read()
    name = "MokList\0".encode("utf-16-le")
    entry_len = 60 + len(name) + len(esl)
    # nothing else changed: the bytes before, and the erased flash after, the entry
    assert len(after) == len(before)
    assert after[:FREE_AT] == before[:FREE_AT]
    assert after[FREE_AT + entry_len:] == before[FREE_AT + entry_len:]
    # AUTHENTICATED_VARIABLE_HEADER field by field
    e = FREE_AT
    assert after[e:e + 2] == b"\xaa\x55"                                  # StartId
    assert after[e + 2] == 0x3F and after[e + 3] == 0                     # State, Reserved
    assert struct.unpack_from("<I", after, e + 4)[0] == 0x3               # NV | BS, no RT
    assert after[e + 8:e + 16] == bytes(8)                                # MonotonicCount
    assert after[e + 16:e + 32] == bytes(16)                              # TimeStamp
    assert struct.unpack_from("<III", after, e + 32) == (0, 16, len(esl))  # PubKeyIndex..
    assert after[e + 44:e + 60] == bytes.fromhex("50ab5d6046e00043abb63dd810dd8b23")
    assert after[e + 60:e + 76] == name
    assert after[e + 76:e + entry_len] == esl
    found, free = ov.variables(after)
    assert (found[-1]["name"], found[-1]["data"]) == ("MokList", esl)
    assert free == (FREE_AT + entry_len + 3) & ~3


def test_refuses_duplicate_authenticated_and_full(vars_copy, tmp_path):
    esl = ov.esl_x509(CERT, OWNER)
    ov.append_variable(vars_copy, "MokList", ov.SHIM_LOCK_GUID, ov.NV | ov.BS, esl)
    with pytest.raises(ov.VarStoreError, match="already exists"):
        ov.append_variable(vars_copy, "MokList", ov.SHIM_LOCK_GUID, ov.NV | ov.BS, esl)
    with pytest.raises(ov.VarStoreError, match="only NV/BS/RT"):
        ov.append_variable(vars_copy, "db2", OWNER, ov.NV | ov.BS | ov.TIME_BASED_AUTH, esl)
    with pytest.raises(ov.VarStoreError, match="do not fit"):
        ov.append_variable(vars_copy, "Big", OWNER, ov.NV | ov.BS, bytes(300 * 1024))
    bad = str(tmp_path / "bad.fd")
    data = bytearray(open(vars_copy, "rb").read())
    data[40:44] = b"XXXX"
    open(bad, "wb").write(data)
    with pytest.raises(ov.VarStoreError, match="_FVH"):
        ov.append_variable(bad, "MokList", ov.SHIM_LOCK_GUID, ov.NV | ov.BS, esl)
