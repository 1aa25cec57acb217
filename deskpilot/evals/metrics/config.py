"""Readers for app configuration files that several metrics share."""

from __future__ import annotations

import xml.etree.ElementTree as ET

OOR = "{http://openoffice.org/2001/registry}"


def xcu_value(path, item_path: str, prop: str) -> str | None:
    """The last value LibreOffice's registrymodifications.xcu gives `prop` under `item_path` (None if unset
    or the file is missing or broken)."""
    if not path:
        return None
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError):
        return None
    found = None
    for item in root.iter("item"):
        if item.get(OOR + "path") != item_path:
            continue
        for element in item.iter("prop"):
            if element.get(OOR + "name") == prop:
                value = element.find("value")
                found = value.text if value is not None else None
    return found


def ini_value(path, key: str, default: str) -> str:
    """The last `key=value` of a VLC-style config file (comment lines skipped), else `default`."""
    value = default
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and line.split("=", 1)[0].strip() == key:
                value = line.split("=", 1)[1].strip() if "=" in line else ""
    return value
