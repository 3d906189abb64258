"""The site's words, bound to a language for the templates; the texts are in kam/words.yaml."""

from __future__ import annotations

from kam import words

from ..labels import label

ui = words.text  # ui(key, lang, **params)


def flag(code: str, lang: str = "zh") -> str:
    return words.text("flag_" + code, lang) if words.has_text("flag_" + code) else code


class Words:
    """Bound to one language, for templates: ``t(key)``, ``lab("tier", v)``, ``flag(code)``."""

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

    def lab(self, enum: str, value) -> str:
        if value is None or value != value:
            return ""
        return label(enum, value, self.lang)

    def flag(self, code: str) -> str:
        return flag(code, self.lang)
