"""Modules put on the desktop's PYTHONPATH (this folder itself), such as `pyautogui`; see vm.py."""
