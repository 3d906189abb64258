"""Reference pages generated from the code, so they cannot drift from it.

- ``docs/reference/fields.md``: every record kind of the account files and
  ``_book.yaml`` (from ``fields.KINDS``), with the allowed values of every
  enumeration and their labels (from ``labels.ENUMS``);
- ``docs/reference/policy.md``: every setting and policy key with its default
  (from ``Settings()`` and ``Policy()``);
- ``docs/reference/cli.md``: the ``--help`` of ``kam`` and of every command,
  found by walking the click group, so new commands appear by themselves;
- ``docs/reference/metrics.md``: the metrics JSON reference (``tools/metrics_reference.py``).

Usage: ``python tools/docgen.py [--check] [--root DIR]``.  Without ``--check``
the pages are written; with it nothing is written and the exit status is 1
when a page is missing or stale (the stale pages are listed).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import click
import yaml

from kam import words as catalogue
from kam.book.fields import ACCOUNT_ID, BOOK_FILE, CURRENCY, ID, KINDS, SLUG, Field, Kind
from kam.labels import ENUMS

GENERATED_ZH = "本页由 `python tools/docgen.py` 根据代码生成，请勿手工修改；测试会检查它是否最新。"
GENERATED_EN = "This page is generated from the code by `python tools/docgen.py`; do not edit it by hand. A test checks that it is current."

# how a value of each field type is written: words.yaml value_types; known patterns: value_patterns
TYPES: dict[str, tuple[str, str]] = catalogue.catalogue()["value_types"]
PATTERNS: dict[str, tuple[str, str]] = {
    p: catalogue.catalogue()["value_patterns"][name]
    for p, name in ((ID, "id"), (SLUG, "slug"), (CURRENCY, "currency"), (r"^(zh|en)$", "language"))
}

# record kinds the files start from: (kind, where the file is); their headings are the kinds' labels
ROOTS = (("account", "accounts/<id>.yaml"), ("book", f"accounts/{BOOK_FILE}"))

# policy sub-keys whose catalogue text is just the key: the metrics' words for them
_KEY_WORDS = {k: catalogue.catalogue()["metrics_keys"][k] for k in ("time", "people", "money")}


# ---------------------------------------------------------------- helpers
def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (Python-Markdown keeps `|` inside code spans as is)."""
    parts = text.replace("\n", " ").split("`")
    return "`".join(p if i % 2 else p.replace("|", "\\|") for i, p in enumerate(parts))


def _code(v) -> str:
    return f"`{v}`"


def _num(v) -> str:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v)


def _walk(root: str) -> Iterator[tuple[Kind, str, Field | None]]:
    """Record kinds reachable from `root`, depth first in field order: (kind, path, field that holds it)."""
    seen: set[str] = set()

    def visit(name: str, path: str, holder: Field | None):
        if name in seen:
            return
        seen.add(name)
        kind = KINDS[name]
        yield kind, path, holder
        for f in kind.fields:
            if f.type == "record":
                sub = f.name + ("[]" if f.many else "")
                yield from visit(f.record, f"{path}.{sub}" if path else sub, f)

    yield from visit(root, "", None)


def _unique() -> dict[str, list[str]]:
    try:
        from kam.book.validate import UNIQUE
    except Exception:  # pragma: no cover - validation unavailable: the page says less
        return {}
    return UNIQUE


def _enum_cell(enum: str) -> str:
    return "<br>".join(f"`{v}` {zh}" for v, (zh, _en) in ENUMS[enum].items())


def _constraints(f: Field) -> list[str]:
    """What a value may be: enumeration, reference, range, pattern, example."""
    out: list[str] = []
    if f.enum:
        out.append(_enum_cell(f.enum))
    if f.ref:
        target = KINDS.get(f.ref)
        word = catalogue.kind(f.ref)
        zh = word[0] if word else (target.zh if target else f.ref)
        key = target.key if target and target.key else "id"
        out.append(f"→ [{f.ref}](#{f.ref}) `{key}`（{zh}）")
    if f.min is not None and f.max is not None:
        out.append(f"{_num(f.min)} – {_num(f.max)}")
    elif f.min is not None:
        out.append(f"≥ {_num(f.min)}")
    elif f.max is not None:
        out.append(f"≤ {_num(f.max)}")
    if f.max_len and not f.enum and not f.many:
        out.append(f"≤ {f.max_len:,} 字符 / characters")
    if f.pattern:
        words = PATTERNS.get(f.pattern)
        alts = re.fullmatch(r"\^\(([A-Za-z|]+)\)\$", f.pattern)
        if words:
            out.append(f"{words[0]} / {words[1]}")
        elif alts:
            out.append(", ".join(_code(a) for a in alts.group(1).split("|")))
        else:
            out.append(f"pattern `{f.pattern}`")
    if f.example is not None:
        out.append(f"例 e.g. `{f.example_in('zh')}`")
    return out


def _type(f: Field) -> str:
    if f.type == "record":
        sub = KINDS[f.record]
        link = f"[{sub.name}](#{sub.name})"
        return f"列表 list of {link}" if f.many else f"映射 mapping {link}"
    t = f.type
    return f"列表 list of {t}" if f.many else t


def _field_row(f: Field) -> str:
    req = "**是 yes**" if f.required else ""
    allowed = "<br>".join(_constraints(f))
    return f"| `{f.name}` | {_type(f)} | {req} | {_cell(allowed)} | {_cell(f.zh)} | {_cell(f.en)} |\n"


def _tree(root: str) -> list[str]:
    """An outline of every key under a root kind, shaped like the YAML (lists of records as `- `)."""
    lines: list[str] = []

    def visit(kind: Kind, pad: str, first_pad: str, stack: tuple[str, ...]):
        for n, f in enumerate(kind.fields):
            lead = first_pad if n == 0 else pad
            mark = "[必填 required] " if f.required else ""
            key = f"{lead}{f.name}:" + (" [...]" if f.many and f.type != "record" else "")
            lines.append(f"{key:<36}# {mark}{f.zh} / {f.en}")
            if f.type == "record" and f.record not in stack:
                sub = KINDS[f.record]
                if f.many:
                    visit(sub, pad + "    ", pad + "  - ", stack + (f.record,))
                else:
                    visit(sub, pad + "  ", pad + "  ", stack + (f.record,))

    visit(KINDS[root], "", "", (root,))
    return lines


# ---------------------------------------------------------------- fields.md
def fields_page() -> str:
    unique = _unique()
    used_by: dict[str, list[str]] = {}
    for root, *_ in ROOTS:
        for kind, _path, _holder in _walk(root):
            for f in kind.fields:
                if f.enum:
                    used_by.setdefault(f.enum, []).append(f"{kind.name}.{f.name}")

    out = [
        "# 字段参考 / Field reference\n\n",
        "客户档案（`accounts/<id>.yaml`，每个客户一个文件）和团队与产品目录（`accounts/_book.yaml`）中可以写的每一个字段："
        "类型、是否必填、可选值（及其中文含义）和说明。字段名和枚举值在 YAML 中一律写英文；网站上显示中文。"
        "`kam validate` 按本页检查文件，并指出出错的行和列。\n\n",
        "Every field you can write in an account file (`accounts/<id>.yaml`, one file per customer) and in the "
        "team and catalogue file (`accounts/_book.yaml`): its type, whether it is required, the allowed values "
        "(with their Chinese labels) and what it means. Field names and enumerated values are written in English "
        "in YAML; the site shows them in Chinese. `kam validate` checks the files against this page and names "
        "the line and column of each problem.\n\n",
        f'!!! note "自动生成 / Generated"\n    {GENERATED_ZH}\n\n    {GENERATED_EN}\n\n',
        "## 文件结构 / File structure\n\n",
        "每个文件的全部字段及其嵌套关系。省略的字段等于没有填写；`[...]` 表示值的列表；以 `- ` 开头的是记录列表中的一项。\n\n",
        "Every field of each file and how they nest. A field left out is simply not given; `[...]` is a list of "
        "values; a key starting with `- ` begins one item of a list of records.\n\n",
    ]
    for root, where in ROOTS:
        zh, en = KINDS[root].zh, KINDS[root].en
        out.append(f"```yaml\n# {where} — {zh} / {en}\n")
        out += [line + "\n" for line in _tree(root)]
        out.append("```\n\n")

    out.append("## 值的写法 / How values are written\n\n| type | 写法 | how to write it |\n|---|---|---|\n")
    used_types = {f.type for root, *_ in ROOTS for k, _p, _h in _walk(root) for f in k.fields}
    for t, (zh, en) in TYPES.items():
        if t in used_types:
            out.append(f"| `{t}` | {_cell(zh)} | {_cell(en)} |\n")
    out.append(
        "\n`列表 list of X`：写成 `[a, b]` 或每行一个 `- a`。"
        "`→ [kind](#kind)`：值必须是该处已有记录的 id 或名称（人员和产品在 `_book.yaml` 中，联系人、竞争对手、商机在同一客户文件中）。\n\n"
        "`list of X`: write `[a, b]` or one `- a` per line. `→ [kind](#kind)`: the value must name an existing "
        "record (people and offerings in `_book.yaml`; contacts, competitors and opportunities in the same "
        "account file).\n"
    )

    for root, where in ROOTS:
        zh, en = KINDS[root].zh, KINDS[root].en
        out.append(f"\n## {zh} / {en}: `{where}`\n")
        if root == "account":
            out.append(
                f"\n客户 id 就是文件名（不含 `.yaml`），只能用小写字母、数字和连字符（`{ACCOUNT_ID}`），"
                "如 `huadong-precision.yaml`；可以放在子目录中，id 在整个档案库内必须唯一。\n\n"
                "The account id is the file name without `.yaml`: lowercase letters, digits and hyphens, like "
                "`huadong-precision.yaml`. Files may sit in sub-folders; the id must be unique in the whole book.\n"
            )
        for kind, path, holder in _walk(root):
            out.append(f"\n### `{kind.name}` {kind.zh} / {kind.en} {{#{kind.name}}}\n\n")
            if holder is None:
                out.append(f"位置 / Where: `{where}` 的顶层 / top level\n\n")
            elif holder.many:
                out.append(f"位置 / Where: `{path}` — 列表，每项一条记录 / a list, one record per item\n\n")
            else:
                extra = ""
                if any(f.required for f in kind.fields):
                    extra = "；一旦填写，其中的必填字段都要填写 / once given, its required fields must be there"
                out.append(f"位置 / Where: `{path}` — 可选的一组字段 / an optional group{extra}\n\n")
            keys = [k for k in unique.get(kind.table or "", []) if k != "account"]
            if keys:
                scope = (
                    ("在本客户内唯一", "unique within the account")
                    if "account" in unique[kind.table]
                    else ("在整个档案库内唯一", "unique in the whole book")
                )
                joined = " + ".join(_code(k) for k in keys)
                out.append(f"{joined}：{scope[0]} / {joined}: {scope[1]}\n\n")
            out.append("| 字段 field | 类型 type | 必填 required | 可选值 allowed | 说明 | description |\n")
            out.append("|---|---|---|---|---|---|\n")
            out += [_field_row(f) for f in kind.fields]

    out.append(
        "\n## 枚举值 / Enumerations\n\n"
        "每个枚举字段可以取的值，按显示顺序；YAML 中写左列的英文值，网站显示中文或英文标签。"
        "没有被任何字段使用的枚举（如攻守姿态）由 kam 计算，在网站上显示。\n\n"
        "The values of every enumeration, in display order. Write the English value in YAML; the site shows "
        "the Chinese or English label. Enumerations no field uses (such as the posture) are computed by kam "
        "and shown on the site.\n"
    )
    for enum, vals in ENUMS.items():
        users = used_by.get(enum)
        where = ", ".join(_code(u) for u in users) if users else "kam 计算 / computed by kam"
        out.append(f"\n### `{enum}` {{#enum-{enum.replace('_', '-')}}}\n\n用于 / Used by: {where}\n\n")
        if enum == "region":
            out.append(
                "公司可以在 mkdocs.yml 中用 [`regions:`](policy.md) 列出自己的区域，取代下表（`kam init --lang en` 新建的英文档案即如此）。\n\n"
                "A company may list its own regions under [`regions:`](policy.md) in mkdocs.yml instead of these "
                "(as a book started by `kam init --lang en` does).\n\n"
            )
        out.append("| 值 value | 中文 | English |\n|---|---|---|\n")
        for v, (zh, en) in vals.items():
            out.append(f"| `{v}` | {_cell(zh)} | {_cell(en)} |\n")
    return "".join(out)


# ---------------------------------------------------------------- policy.md
def _policy_rows(kind: Kind, prefix: str, defaults, parent_words: tuple[str, str] | None) -> list[str]:
    rows = []
    for f in kind.fields:
        key = prefix + f.name
        default = defaults.get(f.name) if isinstance(defaults, dict) else getattr(defaults, f.name, None)
        zh, en = f.zh, f.en
        if zh == f.name:  # the catalogue names the key only: say what it is from the labels
            label = next((pair for vals in ENUMS.values() for v, pair in vals.items() if v == f.name), None)
            zh, en = _KEY_WORDS.get(f.name, label) or (f.name, f.name)
        if parent_words is not None:  # a nested key: say what it belongs to
            zh, en = f"{parent_words[0]}：{zh}", f"{parent_words[1]}: {en[:1].lower()}{en[1:]}"
        if f.type == "record":
            rows += _policy_rows(KINDS[f.record], key + ".", default, (zh, en))
            continue
        rng = []
        if f.min is not None and f.max is not None:
            rng.append(f"{_num(f.min)} – {_num(f.max)}")
        elif f.min is not None:
            rng.append(f"≥ {_num(f.min)}")
        if f.pattern:
            words = PATTERNS.get(f.pattern)
            rng.append(f"{words[0]} / {words[1]}" if words else f"pattern `{f.pattern}`")
        if f.type == "regions":
            words = PATTERNS[ID]
            rng.append(f"`id: 名称`，id 为{words[0]} / `id: name`, each id {words[1]}")
        shown = "`site_name`" if key.startswith("site_names.") and default is None else _default(default, f)
        rows.append(
            f"| `{key}` | {f.type} | {_cell(shown)} | {_cell('<br>'.join(rng))} | {_cell(zh)} | {_cell(en)} |\n"
        )
    return rows


def _default(v, f: Field) -> str:
    if v is None and f.type == "regions":
        return "[kam 的区域 / kam's own](fields.md#enum-region)"
    if v is None:
        return "今天 / today" if f.name == "as_of" else "—"
    if isinstance(v, dict):
        return "`{" + ", ".join(f"{k}: {_num(x)}" for k, x in v.items()) + "}`"
    if isinstance(v, (int, float)):
        n = _num(v)
        if isinstance(v, float) and not v.is_integer():
            return f"`{n}`"
        pretty = f"{int(v):,}"
        return f"`{n}`" if pretty == n else f"`{n}` ({pretty})"
    return f"`{v}`"


def default_settings_yaml() -> str:
    """The kam plugin block of mkdocs.yml with every default written out."""
    from dataclasses import asdict

    from kam.book.policy import Policy, Settings

    s = Settings()

    def plain(v):
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, dict):
            return {k: plain(x) for k, x in v.items()}
        return v

    block = {"book": s.book, "language": s.language, "policy": plain(asdict(Policy()))}
    body = yaml.safe_dump({"plugins": [{"kam": block}]}, sort_keys=False, allow_unicode=True, indent=2)
    return body


def policy_page() -> str:
    from kam.book.policy import Policy, Settings

    settings, policy = Settings(), Policy()
    out = [
        "# 策略与设置参考 / Policy and settings reference\n\n",
        "kam 的设置和管理策略写在 `mkdocs.yml` 的 kam 插件下（`plugins: - kam: ...`）。没有写的键取下表的默认值；"
        "写错的键、超出范围的值会像客户档案一样，由 `kam validate` 指出行和列。金额以本位币计，百分数写 `12` 或 `12%`。\n\n",
        "kam's settings and the management policy live in `mkdocs.yml` under the kam plugin "
        "(`plugins: - kam: ...`). A key left out takes the default below; an unknown key or a value out of "
        "range is reported by `kam validate` with its line and column, like an account file. Money is in the "
        "base currency; percentages are written `12` or `12%`.\n\n",
        f'!!! note "自动生成 / Generated"\n    {GENERATED_ZH}\n\n    {GENERATED_EN}\n\n',
        "## 设置 / Settings\n\n",
        "| 键 key | 类型 type | 默认 default | 范围 range | 说明 | description |\n|---|---|---|---|---|---|\n",
    ]
    top = [f for f in KINDS["settings"].fields if f.name != "policy"]  # the policy: a section of its own
    out += _policy_rows(Kind("settings", None, tuple(top)), "", settings, None)
    out.append(
        "\n## 策略 / Policy: `policy:`\n\n"
        "只写要改的键即可，其余保持默认（嵌套的键逐项合并）；例外是 `rates`：写了就整体替换默认汇率表，请列全所用币种。"
        "各阶段赢率必须随阶段递增，`won` 为 100、`lost` 为 0；每个分级阈值的“中”不得高于“高”；`rep_capacity.min` 不得高于 `max`。\n\n"
        "Write only the keys you change; the rest keep their defaults (nested keys merge one by one). The "
        "exception is `rates`: when given it replaces the default table, so list every currency you use. "
        "Stage probabilities must rise with the stages, with `won` 100 and `lost` 0; each moderate threshold "
        "must not be above the high one; `rep_capacity.min` must not be above `max`.\n\n"
        "| 键 key | 类型 type | 默认 default | 范围 range | 说明 | description |\n|---|---|---|---|---|---|\n"
    )
    pol = KINDS["settings"].get("policy")
    out += _policy_rows(KINDS[pol.record], "policy.", policy, None)
    out.append(
        "\n## 全部默认值 / Every default, written out\n\n"
        "下面的 `mkdocs.yml` 片段与不写任何策略的效果相同，可复制后修改需要的键。\n\n"
        "This `mkdocs.yml` fragment has the same effect as writing no policy at all; copy it and change the "
        "keys you need.\n\n"
        f"```yaml\n{default_settings_yaml()}```\n"
    )
    return "".join(out)


# ---------------------------------------------------------------- cli.md
def commands(group: click.Command | None = None) -> list[tuple[str, click.Context]]:
    """Every visible command as (full name, context), the root first, groups before their commands."""
    if group is None:
        from kam.cli import main as group
    root = click.Context(group, info_name="kam", terminal_width=100, **group.context_settings)
    out: list[tuple[str, click.Context]] = []

    def visit(ctx: click.Context, name: str):
        out.append((name, ctx))
        cmd = ctx.command
        if isinstance(cmd, click.Group):
            for sub_name in cmd.list_commands(ctx):
                sub = cmd.get_command(ctx, sub_name)
                if sub is None or sub.hidden:
                    continue
                sub_ctx = click.Context(sub, info_name=sub_name, parent=ctx, **sub.context_settings)
                visit(sub_ctx, f"{name} {sub_name}")

    visit(root, "kam")
    return out


def help_text(ctx: click.Context) -> str:
    return ctx.get_help().rstrip("\n") + "\n"


def cli_page() -> str:
    cmds = commands()
    out = [
        "# 命令行参考 / Command-line reference\n\n",
        "`kam` 命令的全部子命令及其选项。全局选项（`--config`、`--lang`、`--as-of`）写在子命令之前，如 "
        "`kam --lang en validate`。退出码：0 校验通过，1 数据有错误，2 用法或环境错误。"
        "下面的帮助文字就是 `kam ... --help` 的输出（按 100 列宽排版）。\n\n",
        "Every `kam` command and its options. Global options (`--config`, `--lang`, `--as-of`) go before the "
        "command, as in `kam --lang en validate`. Exit status: 0 valid, 1 invalid data, 2 usage or environment "
        "error. The help below is exactly what `kam ... --help` prints (laid out for 100 columns).\n\n",
        f'!!! note "自动生成 / Generated"\n    {GENERATED_ZH}\n\n    {GENERATED_EN}\n\n',
        "## 写文件的规则 / How kam writes files {#writing}\n\n",
        "kam 写的每个文件（`new`、`import` 及其 `--report`、`export`、`schema --out/--dir`、`codeowners`、站点）"
        "都遵守同一条规则：已存在的文件只有加 `--force` 才会被替换（提示语会说“已替换”而不是“已创建”）；"
        "先写到同一文件夹中的临时文件，再改名替换，中途中断时旧文件完好；不会经由符号链接写到项目之外；"
        "磁盘已满或文件夹只读时给出明确提示并以退出码 2 结束。站点文件夹不能是项目根目录、档案目录、`docs/` "
        "或它们的上级目录，也不能是一个并非由 kam 构建的非空文件夹（MkDocs 构建前会清空站点文件夹）。"
        "详见[安全说明](security.md)。\n\n",
        "Every file kam writes (`new`, `import` and its `--report`, `export`, `schema --out/--dir`, `codeowners`, "
        "the site) follows one rule: a file that exists is replaced only with `--force` (and the message then "
        'says "replaced", never "created"); the new content goes to a temporary file in the same folder and '
        "is renamed into place, so an interrupted run leaves the old file whole; nothing is written through a "
        "symbolic link to a place outside the project; a full disk or a read-only folder is a clear error, exit "
        "2. The site folder may not be the project, the book, `docs/` or a parent of them, nor a non-empty folder "
        "kam did not build (MkDocs empties the site folder before it builds). See the "
        "[security page](security.md).\n\n",
        "kam 还把随时可以重新生成的东西放在用户的缓存文件夹里，从不放在项目中：vega-embed 脚本、编译好的"
        "站点模板（让下一次 `kam serve --account` 更快），以及解析过的客户文件（按文件内容保存：下一次 "
        "`kam build`、`kam validate` 只解析改过的文件，git 历史里未改动的版本也不再重复解析）。"
        "位置是 `$KAM_CACHE_DIR`，否则 "
        "`$XDG_CACHE_HOME/kam`，否则 `~/.cache/kam`；`KAM_CACHE_DIR=off` 表示不用缓存。缓存文件夹只有"
        "本用户可写时才会被读取；每个 kam 版本的解析结果各存一个文件，只保留最近写入的三个版本；删掉它没有任何损失。\n\n",
        "kam also keeps what it can always make again in the user's cache folder, never in the project: the "
        "vega-embed script, the compiled site templates (which make the next `kam serve --account` faster) and "
        "the parsed account files (kept by their content: the next `kam build` or `kam validate` parses only the "
        "files that changed, and the git history's unchanged versions are not parsed again). It is `$KAM_CACHE_DIR`, else `$XDG_CACHE_HOME/kam`, else `~/.cache/kam`; `KAM_CACHE_DIR=off` uses no "
        "cache. A cache folder is read only when no one but its user can write to it; each version of kam keeps "
        "its parsed files in a file of its own, and only the last three versions written are kept; deleting it "
        "loses nothing.\n\n",
        "| 命令 command | 用途 what it does |\n|---|---|\n",
    ]
    for name, ctx in cmds[1:]:
        short = ctx.command.get_short_help_str(limit=200)
        anchor = name.replace(" ", "-")
        out.append(f"| [`{name}`](#{anchor}) | {_cell(short)} |\n")
    for name, ctx in cmds:
        anchor = name.replace(" ", "-")
        out.append(f"\n## `{name}` {{#{anchor}}}\n\n```text\n$ {name} --help\n{help_text(ctx)}```\n")
    return "".join(out)


# ---------------------------------------------------------------- metrics.md
def metrics_page() -> str:
    from metrics_reference import example_paths, markdown

    return markdown(example_paths())


# ---------------------------------------------------------------- entry point
PAGES: dict[str, Callable[[], str]] = {
    "docs/reference/fields.md": fields_page,
    "docs/reference/policy.md": policy_page,
    "docs/reference/cli.md": cli_page,
    "docs/reference/metrics.md": metrics_page,
}


def default_root() -> Path:
    """The repository root: the one holding this source tree when it has mkdocs.yml, else the current folder."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "mkdocs.yml").is_file() else Path.cwd()


def generate() -> tuple[dict[str, str], dict[str, str]]:
    """({page: text}, {page: error}): a page whose generator fails is reported, the others still made."""
    pages, errors = {}, {}
    for rel, make in PAGES.items():
        try:
            pages[rel] = make()
        except Exception as e:  # a broken generator must not hide the other pages
            errors[rel] = f"{type(e).__name__}: {e}"
    return pages, errors


def stale(root: Path, pages: dict[str, str] | None = None) -> list[str]:
    """The pages that are missing or differ from what the code generates now."""
    if pages is None:
        pages, _ = generate()
    out = []
    for rel, text in pages.items():
        p = root / rel
        current = p.read_text(encoding="utf-8") if p.is_file() else None
        if current != text:
            out.append(rel)
    return out


def write(root: Path, pages: dict[str, str]) -> list[str]:
    """Write the pages; returns those that changed."""
    changed = []
    for rel, text in pages.items():
        p = root / rel
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text, encoding="utf-8")
            changed.append(rel)
    return changed


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python tools/docgen.py", description="Generate the reference pages in docs/.")
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 listing the stale pages")
    ap.add_argument("--root", type=Path, default=None, help="repository root (default: this checkout)")
    args = ap.parse_args(argv)
    root = args.root or default_root()
    pages, errors = generate()
    for rel, err in errors.items():
        print(f"{rel}: cannot be generated: {err}", file=sys.stderr)
    if args.check:
        bad = stale(root, pages)
        for rel in bad:
            print(f"{rel} is out of date: run `python tools/docgen.py`", file=sys.stderr)
        if not bad and not errors:
            print(f"{len(pages)} reference pages are up to date")
        return 1 if bad or errors else 0
    changed = write(root, pages)
    for rel in changed:
        print(f"wrote {rel}")
    if not changed and not errors:
        print(f"{len(pages)} reference pages are up to date")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
