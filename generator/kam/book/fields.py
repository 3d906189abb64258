"""The field catalogue: the shape of every file in the book, in one place.

Everything that knows what a field is (the loader's conversion and unknown-key
check, the pandera table schemas, the JSON Schema for editors, the account
template and the reference docs) reads it from here.

A *record kind* is a YAML mapping (an account, a contact, an opportunity...).
Records with ``table`` set become rows of a table of that name; nested
single records (``economics``-like groups) are flattened into their parent's
row with a ``group.field`` column name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID = r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$"
CURRENCY = r"^[A-Z]{3}$"


@dataclass(frozen=True)
class Field:
    """One key of a YAML mapping.

    type: str | text | int | number | percent | date | bool | year | record
    enum: name of an enumeration in labels.ENUMS
    ref: what the value names (person, contact, competitor, offering, opportunity)
    many: the value is a list of the above
    record: for type "record", the kind of the nested mapping(s)
    """

    name: str
    type: str
    zh: str
    en: str
    required: bool = False
    enum: str | None = None
    ref: str | None = None
    many: bool = False
    record: str | None = None
    min: float | None = None
    max: float | None = None
    pattern: str | None = None
    example: object = None

    @property
    def max_len(self) -> int | None:
        """The most characters a text value may have: a name fits a line, notes fit a page; beyond
        that it is a paste gone wrong, and a 5,000-character name would break every page it is on."""
        return MAX_LEN.get(self.type)


# characters: a one-line value (names, ids, titles) and free text (notes, needs, reviews)
MAX_LEN = {"str": 200, "text": 20_000}


@dataclass(frozen=True)
class Kind:
    name: str
    table: str | None  # the table its rows go to; None for groups merged into the parent
    zh: str
    en: str
    fields: tuple[Field, ...] = field(default_factory=tuple)
    # key used to name one record in messages and references (e.g. "id")
    key: str | None = None
    # the columns no two records of the table share (validate.py checks them; [] = no such rule)
    unique: tuple[str, ...] = ()

    def get(self, name: str) -> Field | None:
        return _FIELD_INDEX[self.name].get(name)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


F = Field

KINDS: dict[str, Kind] = {}
_FIELD_INDEX: dict[str, dict[str, Field]] = {}


def _kind(name, table, zh, en, *fields, key=None, unique=()) -> Kind:
    k = Kind(name, table, zh, en, tuple(fields), key, tuple(unique))
    KINDS[name] = k
    _FIELD_INDEX[name] = {f.name: f for f in fields}
    return k


# ---------------------------------------------------------------- account file
_kind(
    "account",
    "accounts",
    "客户档案",
    "Account file",
    F("name", "str", "客户全称", "Customer's full name", required=True, example="华东精密机械股份有限公司"),
    F("short_name", "str", "简称", "Short name"),
    F(
        "owner",
        "str",
        "负责销售（人员 id）；留空表示进入未分配客户池",
        "Owning rep (person id); leave out to put the account in the unowned pool",
        ref="person",
    ),
    F("sponsor", "str", "高管赞助人（人员 id）", "Executive sponsor (person id)", ref="person"),
    F("industry", "str", "行业", "Industry", required=True, enum="industry"),
    F("region", "str", "区域", "Region", required=True, enum="region"),
    F("lifecycle", "str", "客户生命周期阶段", "Lifecycle stage", required=True, enum="lifecycle"),
    F("size", "str", "企业规模", "Company size", enum="size"),
    F("ownership", "str", "企业性质", "Ownership type", enum="ownership"),
    F("since", "date", "成为客户日期", "Customer since"),
    F("tier", "str", "手工指定的客户等级（留空则自动计算）", "Manual tier (computed when left out)", enum="tier"),
    F(
        "placeholder",
        "bool",
        "占位档案（如导入时无客户的商机池），不是客户：不排名、不分级、不计客户数、不问责；其商机仍计入漏斗和负责销售",
        "A placeholder or pool (such as the import's deals without an account), not a customer: never ranked, "
        "tiered, counted as a customer or held accountable; its deals still count in the pipeline and for their reps",
    ),
    F(
        "opening_step",
        "str",
        "开发大客户六步中所处的一步",
        "Where opening the account stands, of the six steps",
        enum="opening_step",
    ),
    F(
        "currency",
        "str",
        "币种（默认为本位币）",
        "Currency (base currency when left out)",
        pattern=CURRENCY,
        example="CNY",
    ),
    F(
        "potential",
        "number",
        "采购潜力：客户每年在我司品类上的采购总额",
        "Purchase potential: the customer's annual spend in our category",
        required=True,
        min=0,
    ),
    F("net_margin", "percent", "净利率（%）", "Net margin (%)", min=0, max=100),
    F(
        "business_units",
        "str",
        "客户的业务单元或采购中心（用于白区分析）",
        "The customer's business units or buying centres (for whitespace)",
        many=True,
    ),
    F("needs", "str", "客户需求", "The customer's needs", many=True),
    F("revenue", "record", "与我司的交易历史（按年）", "Revenue with us, by year", many=True, record="revenue"),
    F("credit", "record", "信用与授信", "Credit rating and limit", record="credit"),
    F("loyalty", "record", "忠诚度信号", "Loyalty signals", record="loyalty"),
    F("lost", "record", "客户流失记录", "The customer was lost: when, why, and the written review", record="lost"),
    F("contacts", "record", "联系人与采购决策链", "Contacts and the buying centre", many=True, record="contact"),
    F("competitors", "record", "竞争对手", "Competitors", many=True, record="competitor"),
    F("opportunities", "record", "商机", "Opportunities", many=True, record="opportunity"),
    F("plan", "record", "客户计划", "Account plan", record="plan"),
    F("activities", "record", "客户活动记录", "Activities", many=True, record="activity"),
    F("receivables", "record", "应收账款", "Receivables", many=True, record="receivable"),
    F("surveys", "record", "满意度调查", "Satisfaction surveys", many=True, record="survey"),
    F("complaints", "record", "客户投诉", "Complaints", many=True, record="complaint"),
    F(
        "whitespace",
        "record",
        "白区分析：业务单元 × 我司产品",
        "Whitespace: business unit x offering",
        many=True,
        record="whitespace",
    ),
    F("notes", "text", "备注（Markdown）", "Notes (Markdown)"),
    unique=("id",),
)

_kind(
    "revenue",
    "revenue",
    "年度交易",
    "Revenue in a year",
    F("year", "year", "年份", "Year", required=True, example=2025),
    F("amount", "number", "销售额", "Revenue", required=True, min=0),
    F("gross_profit", "number", "毛利", "Gross profit"),
    F("selling_expense", "number", "销售费用", "Selling expense", min=0),
    key="year",
    unique=("account", "year"),
)

_kind(
    "credit",
    None,
    "信用",
    "Credit",
    F("rating", "str", "信用等级", "Credit rating", pattern=r"^(AAA|AA|A|BBB|BB|B|CCC|CC|C|D)$"),
    F("limit", "number", "授信额度", "Credit limit", min=0),
    F("reviewed", "date", "最近评审日期", "Last reviewed"),
)

_kind(
    "loyalty",
    None,
    "忠诚度",
    "Loyalty",
    F("repeat_purchase", "bool", "重复购买", "Buys again"),
    F("referrals", "int", "转介绍次数", "Referrals given", min=0),
    F("exclusive", "bool", "独家供应", "We are the exclusive supplier"),
)

_kind(
    "lost",
    None,
    "流失",
    "Lost customer",
    F("date", "date", "流失日期", "Date lost", required=True),
    F("reason", "str", "流失原因", "Reason", enum="lost_reason", required=True),
    F("review", "text", "书面复盘", "Written review"),
)

_kind(
    "contact",
    "contacts",
    "联系人",
    "Contact",
    F(
        "id",
        "str",
        "联系人 id（在本客户内唯一）",
        "Contact id (unique in the account)",
        required=True,
        pattern=ID,
        example="wang-zong",
    ),
    F("name", "str", "姓名", "Name", required=True),
    F("title", "str", "职务", "Job title"),
    F("level", "str", "组织层级", "Organisation level", required=True, enum="level"),
    F("roles", "str", "采购角色", "Buying roles", many=True, enum="role"),
    F("attitude", "str", "对我司态度", "Attitude to us", required=True, enum="attitude"),
    F("influence", "str", "对决策的影响力", "Influence on the decision", enum="influence"),
    F("style", "str", "全脑思维风格", "Thinking style (whole-brain model)", enum="style"),
    F("reports_to", "str", "直接上级（联系人 id）", "Reports to (contact id)", ref="contact"),
    F("notes", "text", "备注", "Notes"),
    key="id",
    unique=("account", "id"),
)

_kind(
    "competitor",
    "competitors",
    "竞争对手",
    "Competitor",
    F("name", "str", "名称", "Name", required=True),
    F("kind", "str", "类型", "Kind", required=True, enum="competitor_kind"),
    F("status", "str", "动态", "Status", enum="competitor_status"),
    F("strategy", "str", "我方竞争策略", "Our strategy against them", enum="strategy"),
    F("share", "percent", "其在客户采购中的份额（%）", "Their share of the customer's spend (%)", min=0, max=100),
    F("notes", "text", "备注", "Notes"),
    key="name",
    unique=("account", "name"),
)

_kind(
    "opportunity",
    "opportunities",
    "商机",
    "Opportunity",
    F(
        "id",
        "str",
        "商机 id（在本客户内唯一）",
        "Opportunity id (unique in the account)",
        required=True,
        pattern=ID,
        example="2026-line-upgrade",
    ),
    F("name", "str", "商机名称", "Name", required=True),
    F("stage", "str", "销售阶段", "Stage", required=True, enum="stage"),
    F("amount", "number", "金额", "Amount", min=0),
    F("currency", "str", "币种（默认为客户币种）", "Currency (the account's when left out)", pattern=CURRENCY),
    F(
        "probability",
        "percent",
        "手工赢率（%），须在相邻两个进行中阶段的赢率之间",
        "Manual win probability (%), between the neighbouring open stages' probabilities",
        min=0,
        max=100,
    ),
    F("created", "date", "创建日期", "Created"),
    F("close", "date", "预计（或实际）成交日期", "Expected (or actual) close date"),
    F("forecast", "str", "预测类别", "Forecast category", enum="forecast"),
    F("owner", "str", "商机负责人（如非客户负责人）", "Owner, when not the account owner", ref="person"),
    F("offering", "str", "我司产品或方案（产品目录 id）", "Our offering (catalogue id)", ref="offering"),
    F("unit", "str", "客户业务单元", "The customer's business unit"),
    F("qualification", "record", "四个问题", "The four qualification questions", record="qualification"),
    F(
        "buying_centre",
        "str",
        "采购决策链中的联系人 id",
        "Contacts in the buying centre (contact ids)",
        many=True,
        ref="contact",
    ),
    F(
        "competitors",
        "str",
        "参与竞争的对手（竞争对手名称）",
        "Competitors in this deal (competitor names)",
        many=True,
        ref="competitor",
    ),
    F("lost_reason", "str", "丢单原因", "Why it was lost", enum="lost_reason"),
    F("next_step", "str", "下一步", "Next step"),
    F("stage_dates", "record", "进入各阶段的日期", "Date the deal entered each stage", record="stage_dates"),
    F("notes", "text", "备注", "Notes"),
    key="id",
    unique=("account", "id"),
)

_kind(
    "qualification",
    None,
    "商机四问",
    "Qualification",
    F("real", "bool", "是不是机会（需求、预算、采购流程）", "Is it real? (need, budget, buying process)"),
    F("compete", "bool", "是不是能竞争", "Can we compete?"),
    F("win", "bool", "是不是能赢", "Can we win?"),
    F("worth", "bool", "是不是值得赢", "Is it worth winning?"),
)

_kind(
    "stage_dates",
    None,
    "阶段日期",
    "Stage dates",
    *(
        F(s, "date", f"进入{zh}的日期", f"Entered {en}")
        for s, (zh, en) in (
            ("prospect", ("潜在客户", "prospect")),
            ("intent", ("意向客户", "intent")),
            ("proposal", ("方案阶段", "proposal")),
            ("negotiation", ("商务谈判", "negotiation")),
            ("won", ("销售实现", "won")),
            ("lost", ("丢单", "lost")),
        )
    ),
)

_kind(
    "plan",
    None,
    "客户计划",
    "Account plan",
    F("objectives", "str", "计划目标", "Objectives", many=True),
    F(
        "abandon",
        "bool",
        "放弃：低潜力、低份额的客户不再投入资源（不填则为侵扰：低成本的机会性接触）",
        "Abandon: a low-potential, low-share customer gets no more effort (left out: harass, "
        "opportunistic low-cost contact)",
    ),
    F("actions", "record", "行动（大客户管理10策）", "Actions (the ten measures)", many=True, record="action"),
)

_kind(
    "action",
    "actions",
    "行动",
    "Action",
    F("title", "str", "行动内容", "What will be done", required=True),
    F("measure", "str", "所属策略（10策之一）", "Which of the ten measures", required=True, enum="measure"),
    F("owner", "str", "负责人（人员 id）", "Owner (person id)", required=True, ref="person"),
    F("due", "date", "截止日期", "Due date", required=True),
    F("done", "date", "完成日期", "Date done"),
    F("notes", "text", "备注", "Notes"),
    key="title",
)

_kind(
    "activity",
    "activities",
    "活动",
    "Activity",
    F("date", "date", "日期", "Date", required=True),
    F("kind", "str", "类型", "Kind", required=True, enum="activity_kind"),
    F("by", "str", "我方人员（人员 id）", "Our people (person ids)", many=True, ref="person"),
    F("with", "str", "客户联系人（联系人 id）", "Customer contacts (contact ids)", many=True, ref="contact"),
    F("opportunity", "str", "相关商机 id", "Opportunity id", ref="opportunity"),
    F("outcome", "str", "会谈结果", "Outcome", enum="outcome"),
    F("summary", "str", "纪要", "Summary"),
    F("advance", "str", "客户的推进行动（如有进展）", "What the customer did to move the deal"),
    key="date",
)

_kind(
    "receivable",
    "receivables",
    "应收账款",
    "Receivable",
    F("invoice", "str", "发票号", "Invoice number", required=True, example="INV-2026-0001"),
    F("amount", "number", "金额", "Amount", required=True, min=0),
    F("currency", "str", "币种（默认为客户币种）", "Currency (the account's when left out)", pattern=CURRENCY),
    F("issued", "date", "开票日期", "Issued", required=True),
    F("due", "date", "到期日", "Due", required=True),
    F("paid", "date", "付清日期", "Paid in full on"),
    F("written_off", "date", "核销（坏账）日期", "Written off as bad debt on"),
    key="invoice",
    unique=("invoice",),
)

_kind(
    "survey",
    "surveys",
    "满意度调查",
    "Survey",
    F("date", "date", "日期", "Date", required=True),
    F("satisfaction", "number", "满意度（0-10）", "Satisfaction (0-10)", required=True, min=0, max=10),
    F("expectation", "number", "期望（0-10）", "Expectation (0-10)", min=0, max=10),
    F("experience", "number", "体验（0-10）", "Experience (0-10)", min=0, max=10),
    F("respondent", "str", "受访联系人 id", "Respondent (contact id)", ref="contact"),
    F("comment", "str", "意见", "Comment"),
    key="date",
)

_kind(
    "complaint",
    "complaints",
    "投诉",
    "Complaint",
    F("date", "date", "日期", "Date", required=True),
    F("summary", "str", "内容", "What the customer complained about", required=True),
    F("severity", "str", "严重程度", "Severity", enum="severity"),
    F("resolved", "date", "处理完毕日期", "Resolved on"),
    F("outcome", "str", "处理结果", "Outcome"),
    key="date",
)

_kind(
    "whitespace",
    "whitespace",
    "白区单元",
    "Whitespace cell",
    F("unit", "str", "客户业务单元", "Business unit", required=True),
    F("offering", "str", "我司产品（产品目录 id）", "Our offering (catalogue id)", required=True, ref="offering"),
    F("status", "str", "状态", "Status", required=True, enum="whitespace_status"),
    unique=("account", "unit", "offering"),
)

# ---------------------------------------------------------------- book-level file
_kind(
    "book",
    None,
    "团队与产品目录",
    "Team and catalogue",
    F("people", "record", "销售团队", "The sales team", many=True, record="person", required=True),
    F("offerings", "record", "我司产品与方案目录", "Our offerings", many=True, record="offering"),
)

_kind(
    "person",
    "people",
    "人员",
    "Person",
    F("id", "str", "人员 id", "Person id", required=True, pattern=ID, example="zhang-wei"),
    F("name", "str", "姓名", "Display name", required=True),
    F("role", "str", "角色", "Role", required=True, enum="person_role"),
    F("team", "str", "所属团队", "Team"),
    F("manager", "str", "上级（人员 id）", "Manager (person id)", ref="person"),
    F("github", "str", "GitHub 账号", "GitHub handle", pattern=r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"),
    F(
        "capacity",
        "int",
        "负荷上限：按等级加权的客户数（权重见策略 load_weights；默认取策略 rep_capacity.max）",
        "Most load this person should carry, in accounts weighted by tier (policy load_weights; default: policy "
        "rep_capacity.max)",
        min=0,
    ),
    F("joined", "date", "入职日期", "Joined"),
    F("left", "date", "离职日期", "Left"),
    key="id",
    unique=("id",),
)

_kind(
    "offering",
    "offerings",
    "产品",
    "Offering",
    F("id", "str", "产品 id", "Offering id", required=True, pattern=ID),
    F("name", "str", "名称", "Name", required=True),
    key="id",
    unique=("id",),
)

ACCOUNT_ID = SLUG
BOOK_FILE = "_book.yaml"


def table_kinds() -> dict[str, Kind]:
    """Kinds that make tables, by table name."""
    return {k.table: k for k in KINDS.values() if k.table}
