"""The message catalogue: every diagnostic's text, in English and Chinese.

Each message says what is wrong and what would be right.  Parameters named
``got``, ``where`` and ``what`` are words from small vocabularies below and are
translated too.
"""

from __future__ import annotations

import re

# code -> (en, zh)
MESSAGES: dict[str, tuple[str, str]] = {
    # reading the file
    "cannot-read": ("cannot read the file: {reason}", "无法读取文件：{reason}"),
    "file-too-large": (
        "file is {size} bytes; an account file may be at most {limit} bytes (split notes or old activities out)",
        "文件大小 {size} 字节，超过上限 {limit} 字节（请精简备注或归档旧活动）",
    ),
    "not-utf8": (
        "the file is not UTF-8 (byte {byte} here); save it as UTF-8 in your editor",
        "文件不是 UTF-8 编码（此处字节 {byte}）；请在编辑器中另存为 UTF-8",
    ),
    "nul-byte": ("the file contains a NUL character; it is not a text file", "文件包含 NUL 字符，不是文本文件"),
    "empty-file": ("the file is empty; an account file starts with `name:`", "文件为空；客户档案应以 `name:` 开头"),
    "yaml-syntax": (
        "YAML syntax error ({problem}): check the indentation, colons and quotes of this line and the one above",
        "YAML 写法有误（{problem}）：请检查本行和上一行的缩进、冒号和引号",
    ),
    "fullwidth-colon": (
        "full-width colon `：` after a field name; write an ASCII colon and a space, as in `region: east`",
        "字段名后用了全角冒号 `：`；请改为半角冒号加空格，如 `region: east`",
    ),
    "fullwidth-space": (
        "full-width space here; YAML needs an ordinary space (switch the input method to half-width)",
        "此处是全角空格；YAML 只认半角空格（请把输入法切换到半角）",
    ),
    "tab-indent": (
        "a tab is used to indent; indent with spaces (two per level)",
        "用了 Tab 缩进；请用空格缩进（每级两个空格）",
    ),
    "unclosed-quote": (
        "the quote `{quote}` opened here is never closed; end the value with `{quote}` on the same line",
        "此处的引号 `{quote}` 没有闭合；请在同一行的值末尾补上 `{quote}`",
    ),
    "missing-colon": (
        "this line has no `:` after its field name; write `field: value` (an ASCII colon and a space)",
        "这一行的字段名后缺少 `:`；请写成 `字段: 值`（半角冒号加空格）",
    ),
    "colon-in-value": (
        "a `:` cannot appear here: if it is part of the text, put the whole value in quotes "
        '(`name: "A: B"`); if it starts a field, align the field with the ones above',
        '此处不能出现 `:`：如果它是文字的一部分，请给整个值加引号（`name: "A: B"`）；如果是字段，请与上面的字段对齐',
    ),
    "unclosed-bracket": (
        "the `{bracket}` opened here is never closed; close it on the same line, or write the list one `- ` item per line",
        "此处的 `{bracket}` 没有闭合；请在同一行闭合，或改为每行一个 `- ` 列表项",
    ),
    "bad-indent": (
        "the indentation is wrong here: align this line with the fields (or `- ` items) of the same level above",
        "此处缩进不对：请与上面同一级的字段（或 `- ` 列表项）对齐",
    ),
    "folded-item": (
        "this line is read as the continuation of the text on line {item} (`- ` is indented more than the item "
        "above); align `-` with the item above",
        "这一行被读成第 {item} 行文字的延续（`- ` 比上面的列表项缩进多）；请把 `-` 与上面的列表项对齐",
    ),
    "bad-character": (
        "invisible control character {char} here; delete it (it often comes from copying out of another program)",
        "此处有不可见的控制字符 {char}；请删除（常见于从其他软件复制的文字）",
    ),
    "fullwidth-key": (
        "the field name `{field}` has a full-width space or colon in it; write it with ASCII characters only",
        "字段名 `{field}` 中夹有全角空格或冒号；请只用半角字符书写",
    ),
    "chinese-quotes": (
        "the value is wrapped in Chinese quotation marks, which become part of it; remove them or use ASCII quotes",
        "值两侧的中文引号会成为值的一部分；请去掉，或改用英文引号",
    ),
    "chinese-quotes-value": (
        "`{field}` is wrapped in Chinese quotation marks: write `{value}` without them",
        "`{field}` 的值两侧有中文引号：请去掉引号，直接写 `{value}`",
    ),
    "many-documents": (
        "a second YAML document starts here (`---`); put one account in one file",
        "此处开始了第二个 YAML 文档（`---`）；一个文件只写一个客户",
    ),
    "alias": (
        "alias `*{name}` is not allowed; write the value out in full",
        "不允许使用别名 `*{name}`；请把值完整写出",
    ),
    "anchor": (
        "anchor `&{name}` is not allowed; write values out in full instead of reusing them",
        "不允许使用锚点 `&{name}`；请把值完整写出，不要复用",
    ),
    "too-deep": (
        "nesting deeper than {limit} levels; an account file needs at most 5",
        "嵌套超过 {limit} 层；客户档案最多只需要 5 层",
    ),
    "bad-tag": (
        "tag `{tag}` is not allowed; remove it and write a plain value",
        "不允许使用标签 `{tag}`；请删除标签，直接写值",
    ),
    "complex-key": ("a key must be plain text", "键必须是普通文本"),
    "not-mapping": (
        "the file must be a mapping of fields (`name: ...`), not {got}",
        "文件内容必须是字段映射（`name: ...`），而不是{got}",
    ),
    "yml-extension": ("`{name}` is ignored: rename it to `{fixed}`", "`{name}` 未被读取：请改名为 `{fixed}`"),
    "unknown-book-file": (
        "`{name}`: files starting with `_` are book-level data, and the only one is `{book}` at the top of the book",
        "`{name}`：以 `_` 开头的是全局数据文件，只允许位于根目录的 `{book}`",
    ),
    "not-in-book": ("`{path}` is not an account file of the book in `{book}`", "`{path}` 不是 `{book}` 中的客户档案"),
    "no-book": ("no book folder at `{path}`", "找不到客户档案目录 `{path}`"),
    "no-book-file": (
        "`{path}` is missing: it lists the team (`people:`) that accounts refer to",
        "缺少 `{path}`：其中的 `people:` 列出客户档案引用的销售团队",
    ),
    "bad-account-id": (
        "`{id}` is not a valid account id: the file name must be lowercase letters, digits and hyphens, like `huadong-precision.yaml`",
        "`{id}` 不是有效的客户 id：文件名只能包含小写字母、数字和连字符，例如 `huadong-precision.yaml`",
    ),
    "duplicate-account": (
        "account id `{id}` is used twice: this file and `{other}`; rename one of them",
        "客户 id `{id}` 重复：本文件与 `{other}`；请重命名其中一个",
    ),
    # structure and types
    "duplicate-key": (
        "duplicate key `{key}`: already given on line {first}; keep only one",
        "键 `{key}` 重复：第 {first} 行已经写过；只保留一个",
    ),
    "unknown-key": (
        "unknown field `{key}` in {where}; allowed: {allowed}",
        "{where}中没有字段 `{key}`；可用字段：{allowed}",
    ),
    "unknown-key-hint": (
        "unknown field `{key}` in {where}; did you mean `{hint}`?",
        "{where}中没有字段 `{key}`；是不是 `{hint}`？",
    ),
    "expected-mapping": ("the {where} must be a mapping of fields, not {got}", "{where}必须是字段映射，而不是{got}"),
    "expected-list-of": (
        "`{field}` must be a list (each item starting with `- `), not {got}",
        "`{field}` 必须是列表（每项以 `- ` 开头），而不是{got}",
    ),
    "expected-list": (
        "`{field}` must be a list, e.g. `[a, b]`, not {got}",
        "`{field}` 必须是列表，例如 `[a, b]`，而不是{got}",
    ),
    "expected-scalar": ("`{field}` must be a single value, not {got}", "`{field}` 必须是单个值，而不是{got}"),
    "expected-bool": (
        "`{field}` must be true or false, not `{value}`",
        "`{field}` 只能是 true 或 false，而不是 `{value}`",
    ),
    "expected-int": ("`{field}` must be a whole number, not `{value}`", "`{field}` 必须是整数，而不是 `{value}`"),
    "expected-number": (
        "`{field}` must be a number like 1200000 (no quotes, units or commas), not `{value}`",
        "`{field}` 必须是数字，如 1200000（不加引号、单位或逗号），而不是 `{value}`",
    ),
    "expected-percent": (
        "`{field}` must be a percentage like 12 or 12%, not `{value}`",
        "`{field}` 必须是百分数，如 12 或 12%，而不是 `{value}`",
    ),
    "expected-date": (
        "`{field}` must be a date written YYYY-MM-DD, like 2026-03-31, not `{value}`",
        "`{field}` 必须是 YYYY-MM-DD 格式的日期，如 2026-03-31，而不是 `{value}`",
    ),
    "number-too-large": (
        "`{field}` is {value}: far too large; check the number of digits",
        "`{field}` 为 {value}：数值过大，请检查位数",
    ),
    "date-out-of-range": (
        "`{field}` is {value}: a date must be between the years {low} and {high}",
        "`{field}` 为 {value}：日期的年份必须在 {low} 到 {high} 之间",
    ),
    "bad-date": (
        "`{value}` is not a calendar date: check the month (01-12) and the day",
        "`{value}` 不是有效日期：请检查月份（01-12）和日期",
    ),
    # table checks
    "missing-field": ("the {where} is missing the required field `{field}`", "{where}缺少必填字段 `{field}`"),
    "bad-enum": ("`{field}` cannot be `{value}`; allowed: {allowed}", "`{field}` 不能是 `{value}`；可选值：{allowed}"),
    "bad-enum-hint": (
        "`{field}` cannot be `{value}`; did you mean `{hint}`? allowed: {allowed}",
        "`{field}` 不能是 `{value}`；是不是 `{hint}`？可选值：{allowed}",
    ),
    "too-small": ("`{field}` is {value}; it must be at least {min}", "`{field}` 为 {value}，不能小于 {min}"),
    "too-large": ("`{field}` is {value}; it must be at most {max}", "`{field}` 为 {value}，不能大于 {max}"),
    "bad-id": (
        "`{value}` is not a valid id: use lowercase letters, digits, `-` or `_`, like `wang-zong`",
        "`{value}` 不是有效的 id：只能用小写字母、数字、`-` 或 `_`，例如 `wang-zong`",
    ),
    "bad-currency": (
        "`{value}` is not a currency code: use three capital letters, like CNY or USD",
        "`{value}` 不是币种代码：请用三个大写字母，如 CNY、USD",
    ),
    "bad-github": ("`{value}` is not a GitHub user name", "`{value}` 不是有效的 GitHub 用户名"),
    "bad-rating": (
        "`{value}` is not a credit rating; use one of AAA, AA, A, BBB, BB, B, CCC, CC, C, D",
        "`{value}` 不是信用等级；可选 AAA、AA、A、BBB、BB、B、CCC、CC、C、D",
    ),
    "bad-pattern": ("`{value}` is not a valid {field}", "`{value}` 不是有效的 {field}"),
    "bad-pattern-language": ("language must be zh or en, not `{value}`", "language 只能是 zh 或 en，而不是 `{value}`"),
    "bad-pattern-base_currency": (
        "`{value}` is not a currency code: use three capital letters, like CNY",
        "`{value}` 不是币种代码：请用三个大写字母，如 CNY",
    ),
    "check-failed": ("`{field}` failed check {check} with `{value}`", "`{field}` 未通过检查 {check}：`{value}`"),
    "duplicate-value": (
        "{where} `{value}` is given twice (also on line {other}); each must be unique",
        "{where} `{value}` 重复（另见第 {other} 行）；必须唯一",
    ),
    "duplicate-value-file": (
        "{where} `{value}` is given twice (also in {other}); each must be unique",
        "{where} `{value}` 重复（另见 {other}）；必须唯一",
    ),
    # cross checks
    "unknown-ref": ("`{field}`: `{value}` is not a known {what}", "`{field}` 中的 `{value}` 不是已知的{what}"),
    "unknown-ref-account": (
        "`{field}`: this account has no {what} `{value}`",
        "`{field}` 中的 `{value}` 不是本客户的{what}",
    ),
    "unknown-ref-hint": (
        "`{field}`: `{value}` is not a known {what}; did you mean `{hint}`?",
        "`{field}` 中的 `{value}` 不是已知的{what}；是不是 `{hint}`？",
    ),
    "self-reference": ("`{field}` cannot name the record itself (`{value}`)", "`{field}` 不能指向自己（`{value}`）"),
    "date-order": (
        "`{late}` ({late_value}) is before `{early}` ({early_value}); it must be on or after it",
        "`{late}`（{late_value}）早于 `{early}`（{early_value}）；应不早于后者",
    ),
    "paid-and-written-off": (
        "a receivable cannot be both paid and written off; keep `paid` or `written_off`",
        "应收账款不能既已付清又已核销；请只保留 `paid` 或 `written_off`",
    ),
    "in-future": (
        "`{field}` is {value}, after the report date {as_of}; is the year right?",
        "`{field}` 为 {value}，晚于报表日期 {as_of}；年份是否有误？",
    ),
    "won-needs-amount": ("a won opportunity needs its `amount`", "已成交的商机必须填写 `amount`"),
    "lost-needs-reason": (
        "a lost opportunity needs a `lost_reason` (price, product_fit, relationship, competitor, timing, no_decision, budget, other)",
        "丢单的商机必须填写 `lost_reason`（price、product_fit、relationship、competitor、timing、no_decision、budget、other）",
    ),
    "reason-but-not-lost": (
        "`lost_reason` is given but the stage is `{stage}`; set `stage: lost` or remove the reason",
        "填写了 `lost_reason`，但阶段是 `{stage}`；请改为 `stage: lost` 或删除原因",
    ),
    "open-needs-close": (
        "an open opportunity needs an expected close date: add `close: YYYY-MM-DD`",
        "进行中的商机必须填写预计成交日期：添加 `close: YYYY-MM-DD`",
    ),
    "open-without-amount": (
        "open opportunity without `amount`: it counts as 0 in the pipeline and forecast",
        "进行中的商机没有 `amount`：在漏斗和预测中按 0 计算",
    ),
    "probability-out-of-range": (
        "probability {value}% does not fit stage `{stage}`: use {low}-{high}%, or move the deal to another stage",
        "赢率 {value}% 与阶段 `{stage}` 不符：应在 {low}-{high}% 之间，或调整阶段",
    ),
    "probability-fixed": (
        "a {stage} deal's probability is {low}%, not {value}%; remove `probability`",
        "{stage} 商机的赢率固定为 {low}%，而不是 {value}%；请删除 `probability`",
    ),
    "no-rate": (
        "no exchange rate for {currency}: add it under `policy: rates:` in mkdocs.yml (base {base}; known: {known})",
        "没有 {currency} 的汇率：请在 mkdocs.yml 的 `policy: rates:` 中添加（本位币 {base}；已有：{known}）",
    ),
    "owner-left": (
        "owner `{person}` has left the company; move the account to another rep",
        "负责人 `{person}` 已离职；请将客户转给其他销售",
    ),
    "assigned-to-leaver": (
        "`{person}` has left the company; give this to someone who is still here",
        "`{person}` 已离职；请改由在职人员负责",
    ),
    "unknown-unit": (
        "`{value}` is not one of this account's business_units ({units}); add it there or correct the name",
        "`{value}` 不在本客户的 business_units（{units}）中；请在那里添加或更正名称",
    ),
    "unknown-unit-hint": (
        "`{value}` is not one of this account's business_units; did you mean `{hint}`?",
        "`{value}` 不在本客户的 business_units 中；是不是 `{hint}`？",
    ),
    "sponsor-not-executive": (
        "sponsor `{person}` is a {role}; an executive sponsor is usually an executive or manager",
        "赞助人 `{person}` 的角色是 {role}；高管赞助人通常应为高管或经理",
    ),
    "lost-without-review": (
        "a lost customer should have a written review: add `review:` under `lost:`",
        "流失客户应有书面复盘：请在 `lost:` 下添加 `review:`",
    ),
    # policy
    "policy-threshold-order": (
        "the {axis} moderate threshold ({moderate}) is above the high one ({high})",
        "{axis} 的“中”阈值（{moderate}）高于“高”阈值（{high}）",
    ),
    "policy-stage-order": (
        "stage probabilities must rise with the stages: {order}",
        "各阶段赢率必须随阶段递增：{order}",
    ),
    "policy-closed-stages": ("won must be 100% and lost 0%", "won 必须为 100%，lost 必须为 0%"),
    "policy-capacity-order": (
        "rep_capacity min ({min}) is above max ({max})",
        "rep_capacity 的下限（{min}）高于上限（{max}）",
    ),
    # command-line words
    "summary-valid": ("{files} file{fs} checked: valid{warnings}", "已检查 {files} 个文件：校验通过{warnings}"),
    "summary-invalid": (
        "{files} file{fs} checked: {errors} error{s}{warnings}",
        "已检查 {files} 个文件：{errors} 个错误{warnings}",
    ),
    "summary-warnings": (", {n} warning{s}", "，{n} 条警告"),
    "exists": (
        "`{path}` already exists; kam never overwrites a file: choose another id or delete it first",
        "`{path}` 已存在；kam 不会覆盖已有文件：请换一个 id 或先删除该文件",
    ),
    "id-taken": (
        "account id `{id}` is taken: `{path}` exists; ids are unique in the whole book, choose another",
        "客户 id `{id}` 已被使用：`{path}` 已存在；id 在整个客户档案中唯一，请换一个",
    ),
    "unknown-owner": (
        "`--owner {owner}` is not on the team: add the person to `people:` in _book.yaml first",
        "`--owner {owner}` 不在团队名册中：请先把此人加入 _book.yaml 的 `people:`",
    ),
    "unknown-owner-hint": (
        "`--owner {owner}` is not on the team; did you mean `{hint}`? (new people go in _book.yaml first)",
        "`--owner {owner}` 不在团队名册中；是不是 `{hint}`？（新同事请先加入 _book.yaml）",
    ),
    "created": ("created {path}", "已创建 {path}"),
    "replaced": ("replaced {path}", "已替换 {path}"),
    "codeowners-invalid-config": (
        "the settings have errors, so {path} was not written or checked: fix mkdocs.yml first",
        "设置有错误，未写入或检查 {path}：请先修正 mkdocs.yml",
    ),
    # the write rule (kam.files): never replace without --force, never through a link out of the project
    "write-exists": (
        "`{path}` already exists; kam never replaces a file unless told: add --force to replace it",
        "`{path}` 已存在；除非指定 --force，kam 不会替换已有文件",
    ),
    "write-outside": (
        "`{path}` leads through a symbolic link to a place outside the project `{root}`; write to a plain path",
        "`{path}` 经符号链接指向项目 `{root}` 之外；请写到普通路径",
    ),
    "write-is-folder": ("`{path}` is a folder; give a file name", "`{path}` 是文件夹；请给出文件名"),
    "write-disk-full": (
        "cannot write `{path}`: the disk is full; free some space and run again (the old file is unchanged)",
        "无法写入 `{path}`：磁盘已满；请释放空间后重试（原文件未改动）",
    ),
    "write-denied": (
        "cannot write `{path}`: the folder is read-only or not yours; choose another place",
        "无法写入 `{path}`：文件夹只读或无权限；请换一个位置",
    ),
    "write-name-too-long": (
        "cannot write `{path}`: the name is too long for the file system; use a shorter id",
        "无法写入 `{path}`：文件名超出文件系统的长度限制；请用更短的 id",
    ),
    "write-failed": ("cannot write `{path}`: {reason}", "无法写入 `{path}`：{reason}"),
    "site-dir-protected": (
        "refusing to build the site into `{path}`: MkDocs empties that folder first, and it holds `{protects}`; "
        "choose a folder of its own such as site/",
        "拒绝把站点构建到 `{path}`：MkDocs 会先清空该文件夹，而其中有 `{protects}`；请使用单独的文件夹，如 site/",
    ),
    "site-dir-not-site": (
        "refusing to build the site into `{path}`: it is not empty and is not a site kam built "
        "(MkDocs would delete what it holds); choose an empty or new folder",
        "拒绝把站点构建到 `{path}`：该文件夹非空且不是 kam 构建的站点（MkDocs 会删除其中内容）；请使用空的或新的文件夹",
    ),
    # reading the book: only regular files inside the project
    "link-outside": (
        "this file is a symbolic link to a place outside the project; kam reads only files inside it: "
        "copy the file into the book instead",
        "此文件是指向项目之外的符号链接；kam 只读取项目内的文件：请把文件复制到档案目录中",
    ),
    "not-regular-file": (
        "this is not a regular file (a pipe, device or socket); kam reads only plain YAML files",
        "这不是普通文件（管道、设备或套接字）；kam 只读取普通的 YAML 文件",
    ),
    "cannot-stat": ("cannot read the file's details; check that it exists", "无法读取文件信息；请检查文件是否存在"),
    "cannot-list": (
        "cannot read the folder: {reason}; its account files would be missing from every figure",
        "无法读取文件夹：{reason}；其中的客户档案将不计入任何数字",
    ),
    "yaml-extension-case": (
        "`{name}` is ignored: rename it to `{fixed}` (account files end in lower-case `.yaml`)",
        "`{name}` 未被读取：请改名为 `{fixed}`（客户档案以小写 `.yaml` 结尾）",
    ),
    "as-of-range": (
        "--as-of {date} is outside the dates kam reports on ({low} to {high})",
        "--as-of {date} 超出 kam 支持的报告日期范围（{low} 至 {high}）",
    ),
    "no-config": (
        "config file `{path}` does not exist; run kam in the book's folder or give `--config path/to/mkdocs.yml`",
        "配置文件 `{path}` 不存在；请在客户档案所在目录运行 kam，或用 `--config path/to/mkdocs.yml` 指定",
    ),
    "config-invalid": (
        "`{path}` has errors (above); fix them and run the command again",
        "`{path}` 有错误（见上）；改正后再运行",
    ),
    "mkdocs-config": (
        "`{path}`: MkDocs cannot use this configuration: {problem}",
        "`{path}`：MkDocs 无法使用此配置：{problem}",
    ),
    "bad-dev-addr": (
        "`--dev-addr {addr}` is not an address: write IP:PORT, such as 127.0.0.1:8000",
        "`--dev-addr {addr}` 不是有效地址：请写成 IP:端口，如 127.0.0.1:8000",
    ),
    "port-in-use": (
        "cannot serve on {addr} ({reason}): another program (perhaps another `kam serve`) uses it; stop it, "
        "or choose another port such as `--dev-addr 127.0.0.1:{next}`",
        "无法在 {addr} 上启动预览（{reason}）：另一个程序（也许是另一个 `kam serve`）正在使用它；"
        "请先关闭它，或换一个端口，如 `--dev-addr 127.0.0.1:{next}`",
    ),
    "no-account-file": (
        "no account file `{id}.yaml` in `{book}`; `--account` takes the id of an account file (its name without .yaml)",
        "`{book}` 中没有客户档案 `{id}.yaml`；`--account` 后面写客户档案的 id（文件名去掉 .yaml）",
    ),
    "no-account-file-hint": (
        "no account file `{id}.yaml` in `{book}`; did you mean `{hint}`?",
        "`{book}` 中没有客户档案 `{id}.yaml`；是不是 `{hint}`？",
    ),
    "book-has-errors": (
        "kam: the book has {errors} error{s}; fix them (see `kam validate`) and build again",
        "kam：客户档案有 {errors} 个错误；请改正（见 `kam validate`）后再构建",
    ),
    "cannot-write": ("cannot write `{path}`: {reason}", "无法写入 `{path}`：{reason}"),
    "schema-stale": (
        "{path} is out of date: run `kam schema --out {path} --force`",
        "{path} 已过期：请运行 `kam schema --out {path} --force`",
    ),
    "schema-stale-dir": (
        "{path} is out of date: run `kam schema --dir {dir} --force`",
        "{path} 已过期：请运行 `kam schema --dir {dir} --force`",
    ),
    "schema-ok": ("{path} is up to date", "{path} 已是最新"),
    "schema-out-and-dir": ("--out and --dir cannot be used together", "--out 与 --dir 不能同时使用"),
    "schema-check-needs-out": ("--check needs --out FILE or --dir DIR", "--check 需要同时给出 --out FILE 或 --dir DIR"),
    "bad-folder": (
        "`{folder}` is not a valid folder: use lowercase letters, digits and hyphens, like `east` or `east/shanghai`",
        "`{folder}` 不是有效的目录名：只能包含小写字母、数字和连字符，例如 `east` 或 `east/shanghai`",
    ),
    "metrics-invalid": (
        "the book has errors: fix them (kam validate) before computing figures",
        "客户档案有错误：请先修正（kam validate）再计算指标",
    ),
    # the editor's words (the JSON Schema's errorMessage): the same rules, without the value the editor
    # underlines; messages that end with the value clause (", not `{value}`") lose it, see rule()
    "editor-bad-enum": ("`{field}` must be one of: {allowed}", "`{field}` 只能是以下值之一：{allowed}"),
    "editor-bad-id": (
        "`{field}` is not a valid id: use lowercase letters, digits, `-` or `_`, like `wang-zong`",
        "`{field}` 不是有效的 id：只能用小写字母、数字、`-` 或 `_`，例如 `wang-zong`",
    ),
    "editor-bad-currency": (
        "`{field}` is not a currency code: use three capital letters, like CNY or USD",
        "`{field}` 不是币种代码：请用三个大写字母，如 CNY、USD",
    ),
    "editor-bad-pattern": ("`{field}` is not valid here", "`{field}` 的写法无效"),
    "editor-id": (
        "not a valid id: use lowercase letters, digits, `-` or `_`, like `wang-zong`",
        "不是有效的 id：只能用小写字母、数字、`-` 或 `_`，例如 `wang-zong`",
    ),
    "editor-unknown-id": (
        "not a known {what}; choose one of the ids offered",
        "不是已知的{what}；请从提示的 id 中选择",
    ),
    "rate-not-positive": (
        "rate for {currency} must be above 0, not {value}",
        "{currency} 的汇率必须大于 0，而不是 {value}",
    ),
}

# small vocabularies used as parameters: value -> (en, zh)
WORDS: dict[str, tuple[str, str]] = {
    "mapping": ("a mapping", "映射"),
    "list": ("a list", "列表"),
    "empty": ("an empty value", "空值"),
    "number": ("a number", "数字"),
    "boolean": ("true/false", "布尔值"),
    "text": ("text", "文本"),
    "person": ("person in the team (_book.yaml)", "团队成员（_book.yaml）"),
    "offering": ("offering in the catalogue (_book.yaml)", "产品目录中的产品（_book.yaml）"),
    "contact": ("contact", "联系人"),
    "competitor": ("competitor", "竞争对手"),
    "opportunity": ("opportunity", "商机"),
    "kam": ("the kam plugin settings", "kam 插件设置"),
    "rates": ("rates", "汇率"),
}


def _word(value, lang: str, kind_first: bool) -> str:
    """A vocabulary word: `where` names a record kind, `what`/`got` a thing referred to."""
    from kam.book.fields import KINDS

    k = KINDS.get(value)
    w = WORDS.get(value)
    if k is not None and (kind_first or w is None):
        return k.en if lang == "en" else k.zh
    if w is not None:
        return w[0] if lang == "en" else w[1]
    return str(value)


# the clauses that show the value a rule rejects, or what it got instead: (en, zh)
VALUE_CLAUSES = ((", not `{value}`", "，而不是 `{value}`"), (", not {got}", "，而不是{got}"))


def rule(code: str, params: dict, lang: str = "en") -> str:
    """A message without the value it rejects: what an editor shows under the value itself.

    Messages ending with the value clause (", not `{value}`") lose it: the same words as
    `kam validate`; the others have an ``editor-`` form in the catalogue.
    """
    en, zh = MESSAGES[code]
    template = en if lang == "en" else zh
    for clause in VALUE_CLAUSES:
        c = clause[0] if lang == "en" else clause[1]
        if template.endswith(c):
            return template[: -len(c)].format(**params)
    raise KeyError(f"{code} has no form without the value: add an editor-{code} message")


def render(code: str, params: dict, lang: str = "en") -> str:
    en, zh = MESSAGES[code]
    template = en if lang == "en" else zh
    p = dict(params)
    for key in ("n", "errors"):
        if key in p:
            p.setdefault("s", "" if p[key] == 1 else "s")
    if "files" in p:
        p["fs"] = "" if p["files"] == 1 else "s"
    for key in ("got", "where", "what"):
        if key in p:
            p[key] = _word(p[key], lang, kind_first=key == "where")
    if lang == "en" and "where" in params:
        p["where"] = p["where"][:1].lower() + p["where"][1:] if p["where"] else p["where"]
    for key, value in p.items():
        if isinstance(value, str):
            p[key] = shown(value)
    return template.format(**p)


_UNSHOWN = re.compile("[\x00-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def shown(value: str) -> str:
    """A value from a file as a message quotes it: one line, no control or direction characters (they
    would break the `file:line:col:` form, move the cursor or reorder the text in a terminal or a CI
    annotation); they appear as escapes (\\n, \\u202e)."""
    return _UNSHOWN.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), value)
