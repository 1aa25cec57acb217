"""deskpilot's own offline computer-use model (`local`): CPU only, no key, no network.

Perception (OCR, the accessibility tree, merged elements, MiniLM) lives in deskpilot.perception. Here:
- nlu/: instruction -> structured intent (app, operation, slots) with a slot tagger and an intent
  classifier trained in the repo (scripts/make_intent_corpus.py, scripts/train_nlu.py), or one question.
- templates.py: short labels drawn in the UI font, found by correlation (symbols OCR misses).
- grounding.py: description -> element -> pixel, with role, ordinal, position and window words.
- plans/: each command as a plan that acts through the tools, checks the effect and retries within
  bounds; one module per app (calculator, editor, spreadsheet, browser, files) plus general and common.
- agent.py: perception of the live screen and the driver, one action per turn.
The provider is deskpilot.providers.local.LocalProvider; `deskpilot ground` is deskpilot.cli.ground.
"""
