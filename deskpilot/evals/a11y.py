"""Print the desktop's AT-SPI tree as XML in OSWorld's layout (the `accessibility_tree` getter).

Runs as a plain script under the system Python, which has pyatspi, inside the desktop's environment:
`/usr/bin/python3 a11y.py`. It imports nothing from deskpilot. Each node is an element named after its
role ("push button" -> push-button) with `name`, states (st:), attributes (attr:), screen position and
size (cp:) of showing nodes, value (val:) and its text as element text, as OSWorld's server writes them.
"""

import re
import sys
import xml.etree.ElementTree as ET

import pyatspi

NS = {
    "st": "https://accessibility.ubuntu.example.org/ns/state",
    "attr": "https://accessibility.ubuntu.example.org/ns/attributes",
    "cp": "https://accessibility.ubuntu.example.org/ns/component",
    "val": "https://accessibility.ubuntu.example.org/ns/value",
}
MAX_DEPTH = 50
MAX_WIDTH = 1024
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffc\ufffd\ufffe\uffff]")
_NOT_NAME = re.compile(r"[^\w.-]")


def clean(text):
    return _NOT_XML.sub("", text or "")


def node_xml(acc, depth=0):
    attrs = {"name": clean(acc.name)}
    states = acc.getState().get_states()
    for state in states:
        name = pyatspi.StateType._enum_lookup[state].split("_", 1)[1].lower()
        attrs[f"{{{NS['st']}}}{name}"] = "true"
    for key, value in acc.get_attributes().items():
        if key and not _NOT_NAME.search(key):
            attrs[f"{{{NS['attr']}}}{key}"] = clean(value)
    if pyatspi.STATE_VISIBLE in states and pyatspi.STATE_SHOWING in states:
        try:
            component = acc.queryComponent()
            box = component.getExtents(pyatspi.XY_SCREEN)
            attrs[f"{{{NS['cp']}}}screencoord"] = str((box.x, box.y))
            attrs[f"{{{NS['cp']}}}size"] = str((box.width, box.height))
            inner = component.getExtents(pyatspi.XY_WINDOW)  # for check_left_panel; see metrics/slides.py
            attrs[f"{{{NS['cp']}}}parentcoord"] = str((inner.x, inner.y))
        except NotImplementedError:
            pass
    try:
        attrs[f"{{{NS['val']}}}value"] = str(acc.queryValue().currentValue)
    except NotImplementedError:
        pass
    role = _NOT_NAME.sub("-", acc.getRoleName().strip()) or "unknown"
    element = ET.Element(role, attrs)
    try:
        text = acc.queryText()
        element.text = clean(text.getText(0, text.characterCount)) or None
    except NotImplementedError:
        pass
    if depth < MAX_DEPTH:
        for index, child in enumerate(acc):
            if index == MAX_WIDTH:
                break
            if child is not None:
                element.append(node_xml(child, depth + 1))
    return element


def main():
    for prefix, uri in NS.items():
        ET.register_namespace(prefix, uri)
    root = ET.Element("desktop-frame")
    for app in pyatspi.Registry.getDesktop(0):
        if app is not None:
            try:
                root.append(node_xml(app, 1))
            except Exception as exc:  # an app that quits mid-walk must not spoil the others
                print(f"skipped {app}: {exc}", file=sys.stderr)
    sys.stdout.write(ET.tostring(root, encoding="unicode"))


if __name__ == "__main__":
    main()
