"""The site's words, bound to a language for the templates; the texts are in kam/words.yaml."""

from __future__ import annotations

import functools

from kam import words

from ..labels import label

ui = words.text  # ui(key, lang, **params)


def flag(code: str, lang: str = "zh") -> str:
    return words.text("flag_" + code, lang) if words.has_text("flag_" + code) else code


class Words:
    """Bound to one language, for templates: ``t(key)``, ``lab("tier", v)``, ``flag(code)``, and ``plain``."""

    def __init__(self, lang: str):
        self.lang = lang
        self._texts = words.catalogue()["text"]
        self._side = 0 if lang == "zh" else 1  # kam.words.pick

    def __call__(self, key: str, **params) -> str:
        # words.text, without its lookups: a page asks for a hundred and fifty words
        s = self._texts[key][self._side]
        if "{s}" in s and "n" in params:  # as words.text: "1 day", "2 days"
            params = {**params, "s": words.plural_s(params["n"])}
        return s.format(**params) if params else s

    @functools.cached_property
    def plain(self) -> dict[str, str]:
        """Every text as ``t(key)`` gives it without parameters: a template writes ``{{ w.key }}``, a
        lookup, where a call of ``t`` goes through Jinja's context (an account page has seventy)."""
        return {key: pair[self._side] for key, pair in self._texts.items()}

    def lab(self, enum: str, value) -> str:
        if value is None or value != value:
            return ""
        return label(enum, value, self.lang)

    def flag(self, code: str) -> str:
        return flag(code, self.lang)
