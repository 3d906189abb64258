"""The label catalogue: every enumerated value and every UI word, in Chinese and English.

One place for each label.  Enumerations are English snake_case in YAML; what a
person reads is looked up here.  ``ENUMS`` gives the allowed values (in their
meaningful order) of every enumerated field.
"""

from __future__ import annotations

# name -> value -> (zh, en).  Dict order is the display order.
ENUMS: dict[str, dict[str, tuple[str, str]]] = {
    "tier": {
        "major": ("重要客户", "Major account"),
        "named": ("次重要客户", "Named account"),
        "non_named": ("一般重要客户", "Non-named account"),
        "mass": ("不重要客户", "Mass-market account"),
    },
    "posture": {
        "acquire": ("获取（进攻）", "Acquire (attack)"),
        "retain": ("保留（防守）", "Retain (defend)"),
        "maintain": ("维持", "Maintain"),
        "harass": ("侵扰 / 放弃", "Harass / abandon"),
    },
    "lifecycle": {
        "potential": ("潜在客户", "Potential"),
        "new": ("新客户", "New"),
        "stable": ("稳定客户", "Stable"),
        "mature": ("老客户", "Mature"),
    },
    "size": {
        "small": ("小微型", "Small / micro"),
        "medium": ("中型", "Medium"),
        "large": ("大型", "Large"),
    },
    "ownership": {
        "private": ("民营", "Private"),
        "state_owned": ("国有", "State-owned"),
        "joint_venture": ("中外合资", "Joint venture"),
        "government": ("政府机关", "Government"),
        "listed": ("上市公司", "Listed company"),
        "foreign": ("外资", "Foreign-owned"),
    },
    "industry": {
        "manufacturing": ("制造业", "Manufacturing"),
        "automotive": ("汽车", "Automotive"),
        "energy": ("能源", "Energy"),
        "finance": ("金融", "Finance"),
        "healthcare": ("医疗健康", "Healthcare"),
        "retail": ("零售", "Retail"),
        "food_beverage": ("食品饮料", "Food and beverage"),
        "logistics": ("物流", "Logistics"),
        "telecom": ("通信", "Telecom"),
        "technology": ("信息技术", "Technology"),
        "real_estate": ("房地产", "Real estate"),
        "education": ("教育", "Education"),
        "public_sector": ("公共事业", "Public sector"),
        "other": ("其他", "Other"),
    },
    "region": {
        "north": ("华北", "North China"),
        "northeast": ("东北", "Northeast China"),
        "east": ("华东", "East China"),
        "south": ("华南", "South China"),
        "central": ("华中", "Central China"),
        "southwest": ("西南", "Southwest China"),
        "northwest": ("西北", "Northwest China"),
        "overseas": ("海外", "Overseas"),
    },
    "opening_step": {
        "analyse": ("1 客户分析（信息）", "1 Analyse the customer (information)"),
        "trust": ("2 建立信任（信赖）", "2 Build trust (trust)"),
        "needs": ("3 挖掘需求（需求）", "3 Discover needs (need)"),
        "value": ("4 呈现价值（价值）", "4 Present value (value)"),
        "commitment": ("5 赢取承诺（价格）", "5 Win commitment (price)"),
        "payment": ("6 回收账款（体验）", "6 Collect payment (experience)"),
    },
    "stage": {
        "prospect": ("潜在客户", "Prospect"),
        "intent": ("意向客户", "Intent"),
        "proposal": ("方案阶段", "Proposal"),
        "negotiation": ("商务谈判", "Negotiation"),
        "won": ("销售实现", "Won"),
        "lost": ("丢单", "Lost"),
    },
    "forecast": {
        "pipeline": ("渠道", "Pipeline"),
        "best_case": ("最佳情况", "Best case"),
        "commit": ("承诺", "Commit"),
        "omitted": ("不计入", "Omitted"),
    },
    "lost_reason": {
        "price": ("价格", "Price"),
        "product_fit": ("产品不匹配", "Product fit"),
        "relationship": ("关系不足", "Relationship"),
        "competitor": ("竞争对手", "Competitor"),
        "timing": ("时机", "Timing"),
        "no_decision": ("客户未决策", "No decision"),
        "budget": ("预算取消", "Budget cut"),
        "other": ("其他", "Other"),
    },
    "level": {
        "top": ("高层", "Top"),
        "middle": ("中层", "Middle"),
        "base": ("基层", "Base"),
    },
    "role": {
        "purchaser": ("采购人员", "Purchaser"),
        "user": ("使用者", "User"),
        "gatekeeper": ("技术、财务把关者", "Technical / financial gatekeeper"),
        "decision_maker": ("决策人", "Decision maker"),
        "guide": ("向导", "Guide (coach)"),
        "insider": ("内线", "Insider"),
    },
    "attitude": {
        "support": ("支持", "Support"),
        "neutral": ("中立", "Neutral"),
        "oppose": ("反对", "Oppose"),
    },
    "influence": {
        "high": ("高", "High"),
        "medium": ("中", "Medium"),
        "low": ("低", "Low"),
    },
    "style": {
        "analytical": ("A 分析型", "A analytical"),
        "organised": ("B 组织型", "B organised"),
        "interpersonal": ("C 人际型", "C interpersonal"),
        "imaginative": ("D 想象型", "D imaginative"),
    },
    "competitor_kind": {
        "direct": ("直接竞争对手", "Direct"),
        "indirect": ("间接竞争对手", "Indirect"),
    },
    "competitor_status": {
        "watching": ("关注中", "Watching"),
        "active": ("活跃", "Active"),
        "won_business": ("已抢单", "Won business"),
    },
    "strategy": {
        "frontal": ("正面战", "Frontal"),
        "flanking": ("侧翼战", "Flanking"),
        "guerrilla": ("游击战", "Guerrilla"),
        "defensive": ("防御战", "Defensive"),
        "development": ("发展战", "Development"),
    },
    "measure": {
        "supply_priority": ("优先供货", "Supply priority"),
        "frontline_training": ("一线人员培训", "Frontline enablement"),
        "new_product_trial": ("新品试用", "New-product trial"),
        "customer_events": ("关注客户动态", "Customer events"),
        "executive_visit": ("高层拜访", "Executive visit"),
        "joint_promotion": ("联合促销", "Joint promotion"),
        "rep_feedback": ("征询客户意见", "Feedback on reps"),
        "incentives": ("激励政策", "Incentives"),
        "sales_data": ("销售数据分析", "Sales data"),
        "annual_summit": ("年度大客户峰会", "Annual summit"),
    },
    "activity_kind": {
        "visit": ("拜访", "Visit"),
        "call": ("电话", "Call"),
        "meeting": ("会议", "Meeting"),
        "demo": ("产品演示", "Demo"),
        "trial": ("试用", "Trial"),
        "training": ("培训", "Training"),
        "executive_visit": ("高层拜访", "Executive visit"),
        "summit": ("峰会", "Summit"),
        "email": ("邮件", "Email"),
    },
    "outcome": {
        "order": ("订单", "Order"),
        "advance": ("进展", "Advance"),
        "continuation": ("暂时无进展", "Continuation"),
        "no_sale": ("无销售", "No sale"),
    },
    "person_role": {
        "rep": ("销售代表", "Sales rep"),
        "manager": ("销售经理", "Sales manager"),
        "executive": ("高管", "Executive"),
        "ka_team": ("大客户管理部", "Key-account team"),
        "inside_sales": ("电话销售", "Inside sales"),
    },
    "severity": {
        "low": ("轻微", "Low"),
        "medium": ("一般", "Medium"),
        "high": ("严重", "High"),
    },
    "whitespace_status": {
        "sold": ("已销售", "Sold"),
        "pipeline": ("商机中", "In pipeline"),
        "not_applicable": ("不适用", "Not applicable"),
    },
}

LANGUAGES = ("zh", "en")


def label(enum: str, value: str, lang: str = "zh") -> str:
    """The person-readable label of an enumerated value (the value itself if unknown)."""
    pair = ENUMS.get(enum, {}).get(value)
    if pair is None:
        return value
    return pair[0] if lang == "zh" else pair[1]


def values(enum: str) -> tuple[str, ...]:
    return tuple(ENUMS[enum])


# Words of the command-line summary (`kam metrics`): term -> (zh, en)
TERMS: dict[str, tuple[str, str]] = {
    "summary_title": (
        "大客户管理概览（截至 {as_of}，{currency}）",
        "Key accounts at a glance (as of {as_of}, {currency})",
    ),
    "accounts": ("客户数", "Accounts"),
    "key_accounts": ("重点客户（重要 + 次重要）", "Key accounts (major + named)"),
    "revenue": ("{year} 年销售额", "Revenue {year}"),
    "top20_share": ("前 20% 客户贡献", "Top 20% of customers bring"),
    "open_pipeline": ("在途商机金额", "Open pipeline"),
    "weighted_pipeline": ("加权预测金额", "Weighted pipeline"),
    "won_this_year": ("今年已成交", "Won this year"),
    "overdue_receivables": ("逾期应收", "Overdue receivables"),
    "accountability": ("问责清单", "Accountability list"),
    "stalled": ("停滞商机", "Stalled deals"),
    "over_limit": ("超授信客户", "Accounts over credit limit"),
    "overdue_actions": ("逾期行动", "Overdue actions"),
    "key_team_advice": (
        "重点客户已达 {n} 个（≥ {threshold}）：建议成立大客户管理部",
        "{n} key accounts (>= {threshold}): a dedicated key-account team is advised",
    ),
    # ---- kam import csv (importer/): findings and the report.  {column} is the CSV header of the cell.
    "imp_map_expected_scalar": ("此处应为单个值", "a single value is expected here"),
    "imp_map_expected_mapping": ("`{where}` 应为映射（key: value）", "`{where}` must be a mapping (key: value)"),
    "imp_map_duplicate_key": ("键 `{key}` 重复", "duplicate key `{key}`"),
    "imp_map_unknown_key": (
        "`{where}` 中没有 `{key}`；可用：{allowed}",
        "unknown key `{key}` in `{where}`; allowed: {allowed}",
    ),
    "imp_map_unknown_key_hint": (
        "`{where}` 中没有 `{key}`；是不是 `{hint}`？",
        "unknown key `{key}` in `{where}`; did you mean `{hint}`?",
    ),
    "imp_map_expected_text": ("`{where}` 应为文本", "`{where}` must be text"),
    "imp_map_expected_column": (
        "字段 `{field}` 应写列名，或 {{column: ..., scale|bins: ...}}，或 {{template: ...}}",
        "field `{field}` needs a column name, {{column: ..., scale|bins: ...}} or {{template: ...}}",
    ),
    "imp_map_expected_positive": ("`{where}` 应为正数", "`{where}` must be a positive number"),
    "imp_map_bins": (
        "`{field}` 的 bins 应为 [[下限, 取值], ...] 列表",
        "`bins` of `{field}` must be a list of [lower bound, value]",
    ),
    "imp_map_column_or_template": (
        "`{field}`：column 与 template 只能二选一",
        "`{field}`: give column or template, not both",
    ),
    "imp_map_yaml": ("映射文件有误：{message}", "mapping file: {message}"),
    "imp_map_empty": ("映射文件为空", "the mapping file is empty"),
    "imp_map_bad_encoding": (
        "未知编码 `{value}`（可用 auto、utf-8、gb18030……）",
        "unknown encoding `{value}` (use auto, utf-8, gb18030, ...)",
    ),
    "imp_map_bad_delimiter": ("分隔符应为单个字符，而不是 `{value}`", "delimiter must be one character, not `{value}`"),
    "imp_map_bad_delimiter_char": (
        "分隔符不能是 `{value}`（引号、换行、字母或数字）；常用：`,` `;` 制表符 `|`",
        "the delimiter cannot be `{value}` (a quote, a line break, a letter or a digit); usual ones: `,` `;` tab `|`",
    ),
    "imp_map_bad_date_format": (
        "`{value}` 不是 strptime 日期格式（如 %Y-%m-%d）",
        "`{value}` is not a strptime date format (like %Y-%m-%d)",
    ),
    "imp_map_bad_currency": (
        "`{value}` 不是币种代码（三个大写字母，如 USD）",
        "`{value}` is not a currency code (three capital letters, like USD)",
    ),
    "imp_map_bad_choice": (
        "`{key}` 不能是 `{value}`；可选：{allowed}",
        "`{key}` cannot be `{value}`; allowed: {allowed}",
    ),
    "imp_map_bad_date": ("`{value}` 不是 YYYY-MM-DD 日期", "`{value}` is not a YYYY-MM-DD date"),
    "imp_map_same_marks": (
        "小数点与千位分隔符不能同为 `{mark}`",
        "the decimal mark and the thousands separator cannot both be `{mark}`",
    ),
    "imp_map_no_tables": ("映射没有 `tables:`；可用表：{allowed}", "the mapping has no `tables:`; tables: {allowed}"),
    "imp_map_required": (
        "表 `{table}` 的必填字段 `{field}` 既没有对应列（columns）也没有默认值（defaults）",
        "table `{table}` needs its required field `{field}` under `columns:` or `defaults:`",
    ),
    "imp_map_bad_code": (
        "`{field}` 的 `{source}` 映射到 `{value}`，这不是可选值：{allowed}",
        "`{field}`: `{source}` maps to `{value}`, which is not one of {allowed}",
    ),
    "imp_map_values_not_enum": (
        "`values:` 把原文映射为代码，只用于有可选值的字段；`{field}` 没有可选值（拼写更正请用 `aliases:`）",
        "`values:` maps text to codes, for fields with a list of codes; `{field}` has none "
        "(`aliases:` fixes spellings)",
    ),
    "imp_map_bad_bin": (
        "`{field}` 的 `bins:` 给出 `{value}`，该字段不能取此值",
        "`bins:` of `{field}` gives `{value}`, which the field cannot take",
    ),
    "imp_map_template_brace": (
        "`{field}` 的模板 `{template}` 有不成对的 `{brace}`：列名写作 {{列名}}，括号本身写两次（{brace}{brace}）",
        "the template `{template}` of `{field}` has an unpaired `{brace}`: write a column as {{column name}} "
        "and a brace itself twice ({brace}{brace})",
    ),
    "imp_map_template_empty": (
        "`{field}` 的模板 `{template}` 有空的 {{}}：括号内应为列名",
        "the template `{template}` of `{field}` has an empty {{}}: put a column name between the braces",
    ),
    "imp_map_template_column": (
        "`{field}` 的模板引用了列 `{column}`，但 {path} 没有这一列",
        "the template of `{field}` names column `{column}`, which {path} does not have",
    ),
    "imp_map_template_column_hint": (
        "`{field}` 的模板引用了列 `{column}`，但 {path} 没有这一列；是否应为 `{hint}`？",
        "the template of `{field}` names column `{column}`, which {path} does not have; did you mean `{hint}`?",
    ),
    "imp_not_text": (
        "无法按 {encoding} 解码（此处字节 {byte}）；请在映射中写明 encoding",
        "cannot decode as {encoding} (byte {byte} here); give `encoding:` in the mapping",
    ),
    "imp_nul_byte": ("文件包含 NUL 字符，不是 CSV 文本", "the file contains a NUL character; it is not CSV text"),
    "imp_encoding_guess": (
        "文件编码是推测的：按 {encoding} 读取，此处读作 `{value}`；如有误，请在映射中写明 encoding"
        "（西欧文字用 `encoding: cp1252`，中文用 `encoding: gb18030`），写明后不再提示",
        "the file's encoding is a guess: read as {encoding}, which gives `{value}` here; if that is wrong, "
        "give `encoding:` in the mapping (`encoding: cp1252` for Western European text, `encoding: gb18030` "
        "for Chinese); once given, this warning goes",
    ),
    "imp_cell_count": ("此行有 {got} 个单元格，表头有 {expected} 列", "row has {got} cells, the header has {expected}"),
    "imp_csv_syntax": ("CSV 格式错误：{problem}", "CSV syntax error: {problem}"),
    "imp_no_header": ("文件没有表头行", "the file has no header row"),
    "imp_bad_number": ("`{column}`：`{value}` 不是数字", "`{column}`: `{value}` is not a number"),
    "imp_bad_number_form": (
        "`{column}`：`{value}` 不是 {form} 格式的数字（小数点 `{decimal}`）；"
        "如文件的数字另有写法，请在映射中设置 `decimal:` 与 `thousands:`",
        "`{column}`: `{value}` is not a number in the form {form} (decimal mark `{decimal}`); "
        "if the file writes numbers otherwise, set `decimal:` and `thousands:` in the mapping",
    ),
    "imp_below_bins": (
        "`{column}`：`{value}` 小于最低分档 {low}",
        "`{column}`: `{value}` is below the lowest bin {low}",
    ),
    "imp_bad_currency": ("`{column}`：`{value}` 不是币种代码", "`{column}`: `{value}` is not a currency code"),
    "imp_bad_pattern": ("`{column}`：`{value}` 不是有效的 {field}", "`{column}`: `{value}` is not a valid {field}"),
    "imp_bad_int": ("`{column}`：`{value}` 不是整数", "`{column}`: `{value}` is not a whole number"),
    "imp_too_small": ("`{column}`：`{value}` 小于 {min}", "`{column}`: `{value}` is below {min}"),
    "imp_too_large": ("`{column}`：`{value}` 大于 {max}", "`{column}`: `{value}` is above {max}"),
    "imp_bad_date": (
        "`{column}`：`{value}` 不符合日期格式 {format}",
        "`{column}`: `{value}` is not a date in the form {format}",
    ),
    "imp_bad_bool": ("`{column}`：`{value}` 不是是/否", "`{column}`: `{value}` is not yes/no"),
    "imp_bad_value": (
        "`{column}`：`{value}` 不是已知的 {field} 值；请在映射的 values 中补充",
        "`{column}`: `{value}` is not a known {field}; add it under the mapping's `values:`",
    ),
    "imp_bad_value_hint": (
        "`{column}`：`{value}` 不是已知的 {field} 值；是不是 `{hint}`？",
        "`{column}`: `{value}` is not a known {field}; did you mean `{hint}`?",
    ),
    "imp_defaulted": ("{problem}；已使用默认值 `{default}`", "{problem}; the default `{default}` is used"),
    "imp_missing_column": (
        "表头中没有列 `{column}`（字段 `{field}`）",
        "no column `{column}` in the header (field `{field}`)",
    ),
    "imp_missing_column_hint": (
        "表头中没有列 `{column}`（字段 `{field}`）；是不是 `{hint}`？",
        "no column `{column}` in the header (field `{field}`); did you mean `{hint}`?",
    ),
    "imp_file_skipped": (
        "缺少必需的列：本文件 {rows} 行均未导入",
        "a required column is missing: none of the file's {rows} rows is imported",
    ),
    "imp_row_skipped": ("此行未导入", "row not imported"),
    "imp_alias": (
        "`{value}` 拼写有误，按映射 aliases 读作 `{fixed}`（{field}）",
        "`{value}` is misspelt: read as `{fixed}` by the mapping's aliases ({field})",
    ),
    "imp_empty_default": (
        "{n} 行的 `{field}` 为空，已使用默认值 `{default}`",
        "{n} rows have no `{field}`: the default `{default}` is used",
    ),
    "imp_unknown_person": (
        "`{value}` 不在团队名单中；未导入负责人，原值记入备注",
        "`{value}` is not in the team; the owner is left out and kept in the notes",
    ),
    "imp_unknown_person_hint": (
        "`{value}` 不在团队名单中；是不是 `{hint}`？（原值记入备注）",
        "`{value}` is not in the team; did you mean `{hint}`? (kept in the notes)",
    ),
    "imp_unknown_offering": (
        "`{value}` 不在产品目录中；原值记入备注",
        "`{value}` is not in the offering catalogue; kept in the notes",
    ),
    "imp_unknown_offering_hint": (
        "`{value}` 不在产品目录中；是不是 `{hint}`？可在映射 aliases 中更正（原值记入备注）",
        "`{value}` is not in the offering catalogue; did you mean `{hint}`? Fix it with the mapping's `aliases:` (kept in the notes)",
    ),
    "imp_person_created": (
        "`{name}` 不在人员表中：已新增人员 `{id}`（{role}）",
        "`{name}` is not in the people table: added as person `{id}` ({role})",
    ),
    "imp_manager_created": (
        "上级 `{name}` 不在人员表中：已新增为经理 `{id}`",
        "manager `{name}` is not in the people table: added as manager `{id}`",
    ),
    "imp_account_created": (
        "客户 `{name}` 不在客户表中：已按默认值新建 `{id}`",
        "account `{name}` is not in the accounts table: created as `{id}` with the defaults",
    ),
    "imp_offering_created": (
        "产品 `{name}` 不在产品表中：已新增 `{id}`",
        "offering `{name}` is not in the offerings table: added as `{id}`",
    ),
    "imp_no_account": (
        "此行没有客户，未导入（映射中设 unassigned: keep 可放入未分配客户）",
        "the row has no account and is not imported (`unassigned: keep` keeps it in the unassigned account)",
    ),
    "imp_no_account_kept": (
        "此行没有客户：已放入未分配客户 unassigned.yaml",
        "the row has no account: kept in unassigned.yaml",
    ),
    "imp_unknown_account": (
        "客户 `{value}` 不在客户表中，此行未导入",
        "account `{value}` is not in the accounts table; the row is not imported",
    ),
    "imp_unknown_account_hint": (
        "客户 `{value}` 不在客户表中；是不是 `{hint}`？此行未导入",
        "account `{value}` is not in the accounts table; did you mean `{hint}`? The row is not imported",
    ),
    "imp_unknown_account_kept": (
        "客户 `{value}` 不在客户表中：已放入未分配客户 unassigned.yaml",
        "account `{value}` is not in the accounts table: kept in unassigned.yaml",
    ),
    "imp_unknown_account_hint_kept": (
        "客户 `{value}` 不在客户表中；是不是 `{hint}`？已放入未分配客户 unassigned.yaml",
        "account `{value}` is not in the accounts table; did you mean `{hint}`? Kept in unassigned.yaml",
    ),
    "imp_duplicate_id": (
        "id `{value}` 在本客户中重复，此行未导入",
        "id `{value}` is used twice in the account; the row is not imported",
    ),
    "imp_duplicate_opp": (
        "商机 id `{value}` 重复（首次见第 {first} 行），此行未导入",
        "opportunity id `{value}` is given twice (first on row {first}); the row is not imported",
    ),
    "imp_duplicate_row": (
        "`{value}` 重复（首次见第 {first} 行），此行未导入",
        "`{value}` is given twice (first on row {first}); the row is not imported",
    ),
    "imp_missing_required": (
        "缺少必填字段 `{field}`，此行未导入",
        "the required field `{field}` is empty; the row is not imported",
    ),
    "imp_reason_not_lost": (
        "阶段为 `{stage}`，丢单原因未导入（记入备注）",
        "stage is `{stage}`: the lost reason is left out (kept in the notes)",
    ),
    "imp_lost_needs_reason": (
        "丢单商机需要丢单原因（映射 defaults: lost_reason），此行未导入",
        "a lost deal needs a lost reason (mapping `defaults: lost_reason`); the row is not imported",
    ),
    "imp_won_needs_amount": ("已成交商机没有金额，此行未导入", "a won deal without an amount is not imported"),
    "imp_probability_range": (
        "赢率 {value}% 与阶段 `{stage}`（{low}-{high}%）不符：未导入赢率（记入备注）",
        "probability {value}% does not fit stage `{stage}` ({low}-{high}%): left out (kept in the notes)",
    ),
    "imp_created_after_close": (
        "创建日期 {created} 晚于成交日期 {close}：未导入创建日期（记入备注）",
        "created {created} is after close {close}: created is left out (kept in the notes)",
    ),
    "imp_open_needs_close": (
        "进行中的商机没有预计成交日期（映射 missing_close），此行未导入",
        "an open deal has no close date (mapping `missing_close:`); the row is not imported",
    ),
    "imp_close_filled": (
        "进行中的商机没有预计成交日期：按映射 missing_close 设为 {date}",
        "an open deal has no close date: set to {date} by the mapping's `missing_close:`",
    ),
    "imp_closed_without_date": (
        "`{stage}` 商机没有成交日期：不计入按年销售额",
        "a `{stage}` deal has no close date: it counts in no year's revenue",
    ),
    "imp_no_mapping": (
        "找不到映射 `{name}`：请给出文件路径或内置映射名（{builtin}）",
        "no mapping `{name}`: give a file or a built-in mapping ({builtin})",
    ),
    "imp_unmatched_file": (
        "文件名不符合映射中任何表的 files：{patterns}",
        "the file name matches no table's `files:` in the mapping: {patterns}",
    ),
    "imp_file_ignored": (
        "文件名不符合映射中任何表的 files：未读取",
        "the file name matches no table's `files:` in the mapping: not read",
    ),
    "imp_same_file": (
        "与 `{first}` 是同一个文件：只读取一次",
        "the same file as `{first}`: read once",
    ),
    "imp_cannot_read": ("无法读取：{reason}", "cannot read: {reason}"),
    "imp_file_too_large": (
        "写出的文件有 {size} 字节，超过上限 {limit}",
        "the written file is {size} bytes, above the limit of {limit}",
    ),
    "imp_written_invalid": ("写出的档案未通过校验：{message}", "the written file does not validate: {message}"),
    "imp_exists": ("文件已存在；加 --force 才会覆盖", "the file exists; kam import overwrites only with --force"),
    "imp_write_problem": ("{message}", "{message}"),
    "imp_not_imported": ("未导入的原始值", "Not imported"),
    "imp_row": ("第 {row} 行", "row {row}"),
    "imp_rows": ("{rows} 行", "{rows} rows"),
    "imp_unassigned_name": ("未分配（导入）", "Unassigned (import)"),
    "imp_unassigned_notes": (
        "导入时无法归属客户的商机与联系人；请逐条移到对应客户档案（见导入报告）。",
        "Deals and contacts the import could not attach to an account; move each to its account (see the import report).",
    ),
    "imp_unassigned_header": (
        "未分配：导入时无法归属客户的行，见导入报告",
        "Unassigned: rows the import could not attach to an account, see the import report",
    ),
    "imp_report_title": ("# kam 导入报告（映射 {mapping}）", "# kam import report (mapping {mapping})"),
    "imp_report_sources": ("- 读取：{files}", "- read: {files}"),
    "imp_report_written": ("- 写入：{dest}（{files} 个文件）", "- written: {dest} ({files} files)"),
    "imp_report_counts": (
        "- 导入：客户 {accounts}，联系人 {contacts}，商机 {opportunities}，人员 {people}，产品 {offerings}",
        "- imported: {accounts} accounts, {contacts} contacts, {opportunities} opportunities, {people} people, {offerings} offerings",
    ),
    "imp_report_findings": (
        "- 问题：{errors} 个错误，{warnings} 条警告；未导入的行：{unplaced}",
        "- findings: {errors} errors, {warnings} warnings; rows not placed: {unplaced}",
    ),
    "imp_report_validate": (
        "- kam validate：写出的档案通过校验，另有 {warnings} 条警告",
        "- kam validate: the written book is valid, with {warnings} warnings",
    ),
    "imp_report_unused": ("- 未使用的列：{file}：{columns}", "- columns not imported: {file}: {columns}"),
    "imp_report_findings_title": ("问题（文件:行:列）", "Findings (file:row:column)"),
    "imp_report_unplaced_title": ("未导入的行", "Rows not placed"),
    "imp_summary": (
        "已导入 {accounts} 个客户档案到 {dest}：{errors} 个错误，{warnings} 条警告，{unplaced} 行未导入；报告：{report}",
        "imported {accounts} account files into {dest}: {errors} errors, {warnings} warnings, {unplaced} rows not placed; report: {report}",
    ),
    "imp_more": ("……另有 {n} 条，见 {report}", "... and {n} more in {report}"),
    # ---- kam export (export.py): messages, sheet names, column headers of the metrics tables
    "exp_missing": (
        "导出 {fmt} 需要 {package}：pip install 'kam[export]'",
        "kam export --format {fmt} needs {package}: pip install 'kam[export]'",
    ),
    "exp_invalid": (
        "客户档案有错误：请先修正（kam validate）再导出",
        "the book has errors: fix them (kam validate) before exporting",
    ),
    "exp_written": ("已写入 {path}", "wrote {path}"),
    "exp_label_suffix": ("（名称）", " (label)"),
    "exp_sheet_accounts": ("客户", "Accounts"),
    "exp_sheet_revenue": ("年度交易", "Revenue"),
    "exp_sheet_contacts": ("联系人", "Contacts"),
    "exp_sheet_competitors": ("竞争对手", "Competitors"),
    "exp_sheet_opportunities": ("商机", "Opportunities"),
    "exp_sheet_actions": ("行动", "Actions"),
    "exp_sheet_activities": ("活动", "Activities"),
    "exp_sheet_receivables": ("应收账款", "Receivables"),
    "exp_sheet_surveys": ("满意度调查", "Surveys"),
    "exp_sheet_complaints": ("投诉", "Complaints"),
    "exp_sheet_whitespace": ("白区", "Whitespace"),
    "exp_sheet_people": ("人员", "People"),
    "exp_sheet_offerings": ("产品", "Offerings"),
    "exp_sheet_funnel": ("销售漏斗", "Funnel"),
    "exp_sheet_forecast": ("月度预测", "Forecast by month"),
    "exp_sheet_aging": ("账龄", "Aging by account"),
    "exp_sheet_tiers": ("客户分级汇总", "Tiers"),
    "exp_sheet_team": ("团队负荷", "Team load"),
    "exp_sheet_accountability": ("问责清单", "Accountability"),
    "exp_sheet_pareto": ("二八曲线", "Pareto curve"),
    "exp_col_id": ("客户 id", "Account id"),
    "exp_col_account": ("客户", "Account"),
    "exp_col_source": ("来源（文件:行）", "Source (file:line)"),
    "exp_col_name": ("名称", "Name"),
    "exp_col_stage": ("阶段", "Stage"),
    "exp_col_tier": ("等级", "Tier"),
    "exp_col_posture": ("攻守姿态", "Posture"),
    "exp_col_count": ("数量", "Count"),
    "exp_col_amount": ("金额", "Amount"),
    "exp_col_weighted": ("加权金额", "Weighted"),
    "exp_col_probability": ("赢率", "Probability"),
    "exp_col_period": ("期间", "Period"),
    "exp_col_by_category": ("预测类别", "Category"),
    "exp_col_pipeline": ("渠道", "Pipeline"),
    "exp_col_best_case": ("最佳情况", "Best case"),
    "exp_col_commit": ("承诺", "Commit"),
    "exp_col_omitted": ("不计入", "Omitted"),
    "exp_col_owner": ("负责人", "Owner"),
    "exp_col_rating": ("信用等级", "Rating"),
    "exp_col_limit": ("授信额度", "Credit limit"),
    "exp_col_exposure": ("敞口", "Exposure"),
    "exp_col_over_limit": ("超授信", "Over limit"),
    "exp_col_aging": ("账龄", "Aging"),
    "exp_col_current": ("未逾期", "Current"),
    "exp_col_1_30": ("逾期 1-30 天", "1-30 days"),
    "exp_col_31_60": ("逾期 31-60 天", "31-60 days"),
    "exp_col_61_90": ("逾期 61-90 天", "61-90 days"),
    "exp_col_over_90": ("逾期 90 天以上", "Over 90 days"),
    "exp_col_total": ("合计", "Total"),
    "exp_col_overdue": ("逾期合计", "Overdue"),
    "exp_col_dso": ("应收账款回收期（天）", "DSO (days)"),
    "exp_col_revenue": ("销售额", "Revenue"),
    "exp_col_revenue_share": ("销售额占比", "Share of revenue"),
    "exp_col_ytd_revenue": ("今年至今销售额", "Revenue year to date"),
    "exp_col_potential": ("采购潜力", "Potential"),
    "exp_col_share_of_wallet": ("客户份额", "Share of wallet"),
    "exp_col_open_pipeline": ("在途商机金额", "Open pipeline"),
    "exp_col_weighted_pipeline": ("加权商机金额", "Weighted pipeline"),
    "exp_col_open_opportunities": ("在途商机数", "Open deals"),
    "exp_col_coverage_model": ("覆盖模式", "Coverage model"),
    "exp_col_coverage_max_per_rep": ("每人上限", "Most per rep"),
    "exp_col_target_kind": ("追求目标", "Target"),
    "exp_col_coverage_compliant": ("覆盖达标", "Coverage met"),
    "exp_col_coverage_violations": ("覆盖不达标数", "Coverage violations"),
    "exp_col_person": ("人员", "Person"),
    "exp_col_role": ("角色", "Role"),
    "exp_col_team": ("团队", "Team"),
    "exp_col_manager": ("上级", "Manager"),
    "exp_col_left": ("离职日期", "Left"),
    "exp_col_accounts": ("客户数", "Accounts"),
    "exp_col_key_accounts": ("重点客户数", "Key accounts"),
    "exp_col_capacity": ("客户数上限", "Capacity"),
    "exp_col_capacity_min": ("客户数下限", "Capacity (min)"),
    "exp_col_load": ("负荷", "Load"),
    "exp_col_status": ("状态", "Status"),
    "exp_col_open_count": ("在途商机数", "Open deals"),
    "exp_col_open_amount": ("在途商机金额", "Open amount"),
    "exp_col_won_this_year": ("今年已成交", "Won this year"),
    "exp_col_last_activity": ("最近活动", "Last activity"),
    "exp_col_reasons": ("原因", "Reasons"),
    "exp_col_rank": ("排名", "Rank"),
    "exp_col_share": ("占比", "Share"),
    "exp_col_cumulative_share": ("累计占比", "Cumulative share"),
    "exp_col_cumulative_accounts_share": ("累计客户占比", "Cumulative share of accounts"),
    "exp_col_top20": ("前 20%", "Top 20%"),
    # ---- kam diff / history / codeowners (diff.py, history.py, codeowners.py)
    "diff_title": ("### 客户档案变更：{base} → {head}", "### Changes to the book: {base} → {head}"),
    "diff_worktree": ("工作区", "working tree"),
    "diff_nothing": ("客户档案没有变化。", "No change to the book."),
    "diff_files": ("{n} 个客户档案文件有变化：{parts}。", "{n} account files changed: {parts}."),
    "diff_count_added": ("新增 {n}", "{n} added"),
    "diff_count_removed": ("删除 {n}", "{n} removed"),
    "diff_count_renamed": ("改名 {n}", "{n} renamed"),
    "diff_count_moved": ("移动 {n}", "{n} moved"),
    "diff_count_modified": ("修改 {n}", "{n} edited"),
    "diff_sep": ("，", ", "),
    "diff_sep_semicolon": ("；", "; "),
    "diff_formatting_only_all": (
        "只改动了格式或注释：没有业务变化。",
        "Only formatting or comments changed: no business change.",
    ),
    "diff_invalid_base": (
        "> **基准版本未通过校验**：{n} 个错误（只比较能读取的部分）。前几个：",
        "> **The base version does not validate**: {n} errors (only what can be read is compared). First:",
    ),
    "diff_invalid_head": (
        "> **新版本未通过校验**：{n} 个错误（只比较能读取的部分）。前几个：",
        "> **The new version does not validate**: {n} errors (only what can be read is compared). First:",
    ),
    "diff_more": ("……另有 {n} 个", "... and {n} more"),
    "diff_approval": (
        "**客户负责人变更须经大客户管理部审批（客户划转须备案）：**",
        "**Owner changes need the key-account team's approval (客户划转须备案):**",
    ),
    "diff_owner": ("{account}：{old} → {new}", "{account}: {old} → {new}"),
    "diff_unowned": ("未分配客户池", "the unowned pool"),
    "diff_forecast": ("对加权预测的影响（{currency}）", "Effect on the weighted forecast ({currency})"),
    "diff_forecast_total": (
        "变动客户的加权在途商机：{old} → {new}（{delta}）",
        "Weighted pipeline of the changed accounts: {old} → {new} ({delta})",
    ),
    "diff_before": ("变更前", "Before"),
    "diff_after": ("变更后", "After"),
    "diff_change": ("变化", "Change"),
    "diff_by_month": ("预计成交月份", "Close month"),
    "diff_by_rep": ("销售", "Rep"),
    "diff_by_tier": ("客户等级", "Tier"),
    "diff_none": ("（未填写）", "(none)"),
    "diff_accounts": ("客户", "Accounts"),
    "diff_account_added": ("新增 {account}（{path}）", "added {account} ({path})"),
    "diff_account_added_extra": ("：负责人 {owner}，{tier}", ": owner {owner}, {tier}"),
    "diff_account_removed": ("删除 {account}（{path}）", "removed {account} ({path})"),
    "diff_account_renamed": (
        "改名 {old} → {new}：{old_path} → {new_path}",
        "renamed {old} → {new}: {old_path} → {new_path}",
    ),
    "diff_account_moved": ("移动 {account}：{old_path} → {new_path}", "moved {account}: {old_path} → {new_path}"),
    "diff_tier": ("{account}：客户等级 {old} → {new}", "{account}: tier {old} → {new}"),
    "diff_posture": ("{account}：攻守姿态 {old} → {new}", "{account}: posture {old} → {new}"),
    "diff_opportunities": ("商机", "Opportunities"),
    "diff_opp_created": ("新建：{stage}，{amount}", "created: {stage}, {amount}"),
    "diff_close_on": ("，预计 {date} 成交", ", closing {date}"),
    "diff_opp_removed": ("删除（原为 {stage}，{amount}）", "removed (was {stage}, {amount})"),
    "diff_opp_won": ("赢单（原为 {stage}），{amount}", "won (was {stage}), {amount}"),
    "diff_opp_lost": ("丢单（原为 {stage}），{amount}", "lost (was {stage}), {amount}"),
    "diff_opp_reopened": ("重新打开：{old} → {new}", "reopened: {old} → {new}"),
    "diff_opp_forward": ("阶段推进 {old} → {new}", "stage forward {old} → {new}"),
    "diff_opp_back": ("阶段后退 {old} → {new}", "stage back {old} → {new}"),
    "diff_opp_stage": ("阶段 {old} → {new}", "stage {old} → {new}"),
    "diff_opp_amount_up": (
        "金额上调 {old} → {new} {currency}（{delta}）",
        "amount raised {old} → {new} {currency} ({delta})",
    ),
    "diff_opp_amount_down": (
        "金额下调 {old} → {new} {currency}（{delta}）",
        "amount cut {old} → {new} {currency} ({delta})",
    ),
    "diff_opp_amount_currency": ("金额 {old} → {new}", "amount {old} → {new}"),
    "diff_opp_pushed": ("成交日期推迟 {old} → {new}（{days} 天）", "close date pushed out {old} → {new} ({days} days)"),
    "diff_opp_pulled": ("成交日期提前 {old} → {new}（{days} 天）", "close date pulled in {old} → {new} ({days} days)"),
    "diff_opp_close": ("成交日期 {old} → {new}", "close date {old} → {new}"),
    "diff_overdue": ("新增逾期应收", "Receivables newly overdue"),
    "diff_overdue_line": (
        "{account}：发票 {invoice}，{amount} {currency}，{due} 到期，已逾期 {days} 天",
        "{account}: invoice {invoice}, {amount} {currency}, due {due}, {days} days overdue",
    ),
    "diff_attitudes": ("态度变化的联系人", "Contacts whose attitude changed"),
    "diff_attitude_line": ("{account}：{contact} {old} → {new}", "{account}: {contact} {old} → {new}"),
    "diff_other": ("其他修改", "Other edits"),
    "diff_opp_line": ("{account} / {name}（{id}）：{what}", "{account} / {name} ({id}): {what}"),
    "diff_table": ("{table}：", "{table}: "),
    "diff_fields": ("字段：{fields}", "fields: {fields}"),
    "diff_n_added": ("新增 {n}", "{n} added"),
    "diff_n_removed": ("删除 {n}", "{n} removed"),
    "diff_n_changed": ("修改 {n}", "{n} changed"),
    "diff_formatting": ("只改格式或注释的文件", "Formatting or comments only"),
    "diff_unreadable": ("无法读取为客户档案的文件", "Files that cannot be read as an account"),
    "diff_team": ("团队与产品目录（_book.yaml）", "Team and catalogue (_book.yaml)"),
    "diff_person_added": ("新增人员 {id} {name}", "person added {id} {name}"),
    "diff_person_removed": ("删除人员 {id} {name}", "person removed {id} {name}"),
    "diff_person_changed": ("人员 {id} {name}：{fields}", "person {id} {name}: {fields}"),
    "diff_offering_added": ("新增产品 {id} {name}", "offering added {id} {name}"),
    "diff_offering_removed": ("删除产品 {id} {name}", "offering removed {id} {name}"),
    "diff_settings": ("设置与策略（mkdocs.yml）", "Settings and policy (mkdocs.yml)"),
    "diff_settings_note": (
        "策略变化也会影响未改动的客户；上面的数字只统计改动的文件。",
        "A policy change moves the figures of unchanged accounts too; the figures above count only the changed files.",
    ),
    "diff_git_error": ("git 错误：{message}", "git error: {message}"),
    "hist_shallow": (
        "这是浅克隆（shallow clone），没有完整的 git 历史：无法统计变更。CI 中请用 fetch-depth: 0。",
        "This is a shallow clone without the full git history: no changes can be shown. In CI use fetch-depth: 0.",
    ),
    "hist_no_git": ("不是 git 仓库：没有变更历史。", "Not a git repository: there is no change history."),
    "hist_no_commits": ("还没有提交客户档案的历史。", "No commit has touched the book yet."),
    "hist_invalid": (
        "{date} 的版本 {commit} 未通过校验（{n} 个错误），已跳过",
        "version {commit} of {date} does not validate ({n} errors) and is skipped",
    ),
    "co_header": (
        "# 由 `kam codeowners` 根据 {book}/_book.yaml 生成，请勿手工修改。\n"
        "# 每个客户档案归其负责销售（GitHub 账号）与大客户管理部共同审核。",
        "# Generated by `kam codeowners` from {book}/_book.yaml; do not edit by hand.\n"
        "# Each account file is reviewed by its rep (GitHub handle) and the key-account team.",
    ),
    "co_no_handle": (
        "# {account}：负责人 {owner} 没有 GitHub 账号，只由大客户管理部审核",
        "# {account}: owner {owner} has no GitHub handle; the key-account team reviews it alone",
    ),
    "co_unowned": (
        "# {account}：未分配负责人，只由大客户管理部审核",
        "# {account}: no owner; the key-account team reviews it alone",
    ),
    "co_written": ("已写入 {path}（{n} 个客户档案）", "wrote {path} ({n} account files)"),
    "co_ok": ("{path} 是最新的", "{path} is up to date"),
    "co_stale": (
        "{path} 已过期：请运行 `kam codeowners --force` 并提交结果",
        "{path} is stale: run `kam codeowners --force` and commit the result",
    ),
    "co_replaced": ("已替换 {path}（{n} 个客户档案）", "replaced {path} ({n} account files)"),
    "co_invalid": (
        "客户档案有错误，未写入 {path}：错误的档案（如格式不对的 GitHub 账号）可能把审批权交给错误的人；请先修正",
        "the book has errors, so {path} was not written: an invalid book (a malformed GitHub handle, for one) "
        "could hand review to the wrong people; fix the errors first",
    ),
    "editor_person_left": ("{name}（{date} 离职）", "{name} (left on {date})"),
    "co_missing": (
        "{path} 不存在：请运行 `kam codeowners` 并提交结果",
        "{path} does not exist: run `kam codeowners` and commit the result",
    ),
}


def term(key: str, lang: str = "zh", **params) -> str:
    zh, en = TERMS[key]
    return (zh if lang == "zh" else en).format(**params)
