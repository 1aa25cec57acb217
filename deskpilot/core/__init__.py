"""deskpilot's core: pure types and tables every other package shares. No I/O, no imports from the rest.

- actions.py: the one canonical computer-action schema and its validation.
- scaling.py: the one coordinate-scaling module (screen <-> model image).
- keys.py: the one key-name table: aliases, case and left/right variants -> one canonical form.
- families.py: the one tool-family table: tool versions, beta headers, action sets.
- results.py: tool results and errors.
- turns.py: tool calls, model turns, usage and provider errors.
- events.py: the typed events a run streams out.
- stops.py: why a run ended.
- protocols.py: the seams (Desktop, Tool, Provider, Guard) as Protocols.
"""
