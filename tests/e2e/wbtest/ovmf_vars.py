# SPDX-License-Identifier: GPL-2.0-or-later
"""Add a UEFI variable to a copy of an OVMF variable store (OVMF_VARS*.fd), offline.

Debian bookworm packages no tool that edits OVMF varstores (virt-firmware is not packaged),
and shim's MOK list (`MokList`) can only be enrolled from inside a booted machine
(mokutil + MokManager at the console).  Tests that need shim to trust a key of their own
write `MokList` straight into the store the VM boots with:

    append_variable(vars_copy, "MokList", SHIM_LOCK_GUID, NV | BS, esl_x509(cert_der, owner))

Layout (EDK2 MdeModulePkg/Include/Guid/VariableFormat.h and the PI firmware volume header;
all integers little-endian, GUIDs in their mixed-endian EFI form):

  0x00 EFI_FIRMWARE_VOLUME_HEADER: ZeroVector[16], FileSystemGuid = EFI_SYSTEM_NV_DATA_FV,
       FvLength u64, Signature "_FVH", Attributes u32, HeaderLength u16 (0x48 in OVMF), ...
  HeaderLength: VARIABLE_STORE_HEADER (28 bytes): Signature GUID (the authenticated-variable
       GUID: every entry uses the authenticated header below), Size u32 (the store, this
       header included), Format u8 (0x5A formatted), State u8 (0xFE healthy), 6 reserved.
  then, each at a 4-byte aligned offset, AUTHENTICATED_VARIABLE_HEADER (60 bytes):
       StartId u16 0x55AA, State u8, Reserved u8, Attributes u32, MonotonicCount u64,
       TimeStamp EFI_TIME (16 bytes), PubKeyIndex u32, NameSize u32, DataSize u32,
       VendorGuid; then the UTF-16LE name with its NUL (NameSize bytes) and the data
       (DataSize bytes), unpadded on x86 (EDK2's ALIGNMENT is 1 there).
  The first header whose StartId is not 0x55AA ends the list; free space is 0xFF (erased
  flash).  A variable is live in state VAR_ADDED (0x3F) or VAR_ADDED with
  VAR_IN_DELETED_TRANSITION cleared (0x3E); deleted ones (0x3C, 0x3D) stay in place until
  the firmware reclaims the store.

The firmware volume header and its checksum are not touched: the entry goes into erased
space, as the firmware itself would write it.  Only variables without time-based or
counter-based authentication can be added this way (MokList, not db/KEK/PK).
"""
import struct
import uuid

FV_SIGNATURE = b"_FVH"
NV_DATA_FV_GUID = uuid.UUID("fff12b8d-7696-4c8b-a985-2747075b4f50")
AUTH_VARIABLE_STORE_GUID = uuid.UUID("aaf32c78-947b-439a-a180-2e144ec37792")
STORE_FORMATTED, STORE_HEALTHY = 0x5A, 0xFE
START_ID = 0x55AA
VAR_ADDED = 0x3F
LIVE_STATES = (VAR_ADDED, VAR_ADDED & 0xFE)
HEADER = struct.Struct("<HBBIQ16sIII16s")  # AUTHENTICATED_VARIABLE_HEADER, 60 bytes
STORE_HEADER = struct.Struct("<16sIBBHI")   # VARIABLE_STORE_HEADER, 28 bytes

# Attributes (UEFI spec 8.2)
NV, BS, RT = 0x1, 0x2, 0x4
TIME_BASED_AUTH = 0x20

SHIM_LOCK_GUID = uuid.UUID("605dab50-e046-4300-abb6-3dd810dd8b23")  # MokList's vendor
EFI_CERT_X509_GUID = uuid.UUID("a5c059a1-94e4-4aa7-87b5-ab155c2bf072")


class VarStoreError(Exception):
    pass


def esl_x509(cert_der, owner):
    """An EFI_SIGNATURE_LIST holding one X.509 certificate (DER) owned by `owner` (a UUID):
    SignatureType, SignatureListSize, SignatureHeaderSize (0), SignatureSize, then one
    EFI_SIGNATURE_DATA = SignatureOwner GUID + the certificate."""
    sig_size = 16 + len(cert_der)
    return (EFI_CERT_X509_GUID.bytes_le + struct.pack("<III", 28 + sig_size, 0, sig_size)
            + owner.bytes_le + cert_der)


def _store_bounds(data):
    """(first variable offset, end of the variable store) after checking both headers."""
    if len(data) < 0x48 or data[40:44] != FV_SIGNATURE:
        raise VarStoreError("not a firmware volume (no _FVH signature at 0x28)")
    if uuid.UUID(bytes_le=bytes(data[16:32])) != NV_DATA_FV_GUID:
        raise VarStoreError("firmware volume is not an NV variable store")
    hdr_len = struct.unpack_from("<H", data, 48)[0]
    if hdr_len + STORE_HEADER.size > len(data):
        raise VarStoreError(f"firmware volume header length {hdr_len} past the file")
    sig, size, fmt, state, _, _ = STORE_HEADER.unpack_from(data, hdr_len)
    if uuid.UUID(bytes_le=sig) != AUTH_VARIABLE_STORE_GUID:
        raise VarStoreError("variable store is not in the authenticated-variable format")
    if fmt != STORE_FORMATTED or state != STORE_HEALTHY:
        raise VarStoreError(f"variable store not formatted/healthy ({fmt:#x}/{state:#x})")
    if hdr_len + size > len(data):
        raise VarStoreError(f"variable store size {size:#x} past the end of the file")
    return _align4(hdr_len + STORE_HEADER.size), hdr_len + size


def _align4(n):
    return (n + 3) & ~3


def variables(data):
    """Every entry in the store as dicts (offset, state, attributes, name, guid, data),
    deleted ones included, and the offset where the free space starts."""
    off, end = _store_bounds(data)
    found = []
    while off + HEADER.size <= end:
        (start, state, _, attrs, _, _, _, name_size, data_size,
         guid) = HEADER.unpack_from(data, off)
        if start != START_ID:
            break
        name_at = off + HEADER.size
        if name_at + name_size + data_size > end:
            raise VarStoreError(f"variable at {off:#x} runs past the store end {end:#x}")
        name = bytes(data[name_at:name_at + name_size]).decode("utf-16-le").rstrip("\0")
        found.append({"offset": off, "state": state, "attributes": attrs, "name": name,
                      "guid": uuid.UUID(bytes_le=guid),
                      "data": bytes(data[name_at + name_size:name_at + name_size + data_size])})
        off = _align4(name_at + name_size + data_size)
    return found, off


def append_variable(path, name, guid, attributes, value):
    """Write variable `name` (vendor `guid`, a UUID) with `attributes` and bytes `value` into
    the free space of the varstore file at `path`; returns the entry's offset.  Refuses
    authenticated attributes, a name that is already live, and a full store."""
    if attributes & ~(NV | BS | RT) or not attributes & BS:
        raise VarStoreError(f"attributes {attributes:#x}: only NV/BS/RT variables can be added")
    with open(path, "r+b") as f:
        data = bytearray(f.read())
        found, free = variables(data)
        if any(v["name"] == name and v["guid"] == guid and v["state"] in LIVE_STATES
               for v in found):
            raise VarStoreError(f"{name} ({guid}) already exists in {path}")
        _, end = _store_bounds(data)
        encoded = (name + "\0").encode("utf-16-le")
        entry = HEADER.pack(START_ID, VAR_ADDED, 0, attributes, 0, bytes(16), 0,
                            len(encoded), len(value), guid.bytes_le) + encoded + value
        if free + len(entry) > end:
            raise VarStoreError(f"{path}: {len(entry)} bytes do not fit in the "
                                f"{end - free} free bytes of the variable store")
        if any(b != 0xFF for b in data[free:free + len(entry)]):
            raise VarStoreError(f"{path}: free space at {free:#x} is not erased (0xFF)")
        f.seek(free)
        f.write(entry)
    return free
