"""A synthetic book: realistic, valid account files of any size, for benchmarks and tests.

``write_book(dest, n_accounts, seed)`` writes ``dest/_book.yaml`` (the team and
the offering catalogue) and one file per account in region sub-folders
(``dest/east/...yaml``).  The book validates with no errors and no warnings as
of ``as_of``; it covers every tier, posture, lifecycle, stage, activity kind
and outcome, with Chinese and ASCII text mixed.  The same seed gives
byte-identical files: only ``random.Random(seed)`` is used, never the clock.

The YAML is written as text (no ``yaml.dump``), so 10,000 accounts take a few
seconds.  Every string that could be misread (numbers, ``NO``, ``: ``, ``#``)
is quoted with ``json.dumps``, which is valid YAML.

    python benchmarks/synth.py DEST N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
from pathlib import Path

from kam.book.policy import OPEN_STAGES, Policy
from kam.labels import ENUMS

AS_OF = dt.date(2026, 11, 20)

# ---------------------------------------------------------------- YAML text
_PLAIN = re.compile(r"^[A-Za-z\u4e00-\u9fff][\w\u4e00-\u9fff.\-/（）、，。·]*(?: [\w\u4e00-\u9fff.\-/（）、，。·]+)*$")
_RESERVED = {"true", "false", "null", "yes", "no", "on", "off", "y", "n", "nan", "inf"}


def q(text: str) -> str:
    """A string as a YAML scalar: plain when it cannot be misread, else JSON-quoted."""
    if _PLAIN.match(text) and text.lower() not in _RESERVED:
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:.2f}".rstrip("0")


# ---------------------------------------------------------------- vocabulary
SURNAMES = [
    ("王", "wang"),
    ("李", "li"),
    ("张", "zhang"),
    ("刘", "liu"),
    ("陈", "chen"),
    ("杨", "yang"),
    ("黄", "huang"),
    ("赵", "zhao"),
    ("周", "zhou"),
    ("吴", "wu"),
    ("徐", "xu"),
    ("孙", "sun"),
    ("马", "ma"),
    ("朱", "zhu"),
    ("胡", "hu"),
    ("郭", "guo"),
    ("何", "he"),
    ("林", "lin"),
    ("高", "gao"),
    ("罗", "luo"),
    ("郑", "zheng"),
    ("梁", "liang"),
    ("谢", "xie"),
    ("宋", "song"),
    ("唐", "tang"),
    ("许", "xu"),
    ("邓", "deng"),
    ("冯", "feng"),
    ("韩", "han"),
    ("曹", "cao"),
    ("彭", "peng"),
    ("曾", "zeng"),
    ("肖", "xiao"),
    ("田", "tian"),
    ("董", "dong"),
]
GIVEN = [
    ("伟", "wei"),
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("洋", "yang"),
    ("勇", "yong"),
    ("艳", "yan"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("秀英", "xiuying"),
    ("丽", "li"),
    ("华", "hua"),
    ("平", "ping"),
    ("刚", "gang"),
    ("建国", "jianguo"),
    ("海燕", "haiyan"),
    ("志强", "zhiqiang"),
    ("晓东", "xiaodong"),
    ("文博", "wenbo"),
]
WESTERN = [
    ("John", "Smith"),
    ("Anna", "Müller"),
    ("David", "Lee"),
    ("Maria", "Garcia"),
    ("Peter", "Brown"),
    ("Laura", "Rossi"),
    ("Kenji", "Tanaka"),
    ("Sarah", "O'Neil"),
    ("Tom", "Weber"),
    ("Emma", "Dubois"),
]
CONTACT_SUFFIX = [("总", "zong"), ("工", "gong"), ("经理", "jingli"), ("主任", "zhuren"), ("", "")]

CITIES = {
    "north": [("北京", "beijing"), ("天津", "tianjin"), ("石家庄", "shijiazhuang"), ("太原", "taiyuan")],
    "northeast": [("沈阳", "shenyang"), ("大连", "dalian"), ("长春", "changchun"), ("哈尔滨", "haerbin")],
    "east": [
        ("上海", "shanghai"),
        ("苏州", "suzhou"),
        ("杭州", "hangzhou"),
        ("宁波", "ningbo"),
        ("南京", "nanjing"),
        ("无锡", "wuxi"),
        ("青岛", "qingdao"),
        ("合肥", "hefei"),
    ],
    "south": [
        ("广州", "guangzhou"),
        ("深圳", "shenzhen"),
        ("东莞", "dongguan"),
        ("佛山", "foshan"),
        ("厦门", "xiamen"),
    ],
    "central": [("武汉", "wuhan"), ("长沙", "changsha"), ("郑州", "zhengzhou"), ("南昌", "nanchang")],
    "southwest": [("成都", "chengdu"), ("重庆", "chongqing"), ("昆明", "kunming"), ("贵阳", "guiyang")],
    "northwest": [("西安", "xian"), ("兰州", "lanzhou"), ("银川", "yinchuan"), ("乌鲁木齐", "wulumuqi")],
}
REGION_WEIGHTS = {
    "east": 30,
    "south": 20,
    "north": 15,
    "central": 10,
    "southwest": 9,
    "northeast": 6,
    "northwest": 5,
    "overseas": 5,
}
CORES = {
    "manufacturing": [("精密机械", "jingmi-jixie"), ("重工", "zhonggong"), ("模具", "muju"), ("五金", "wujin")],
    "automotive": [("汽车零部件", "qiche-lingbujian"), ("汽车", "qiche"), ("新能源车", "xinnengyuanche")],
    "energy": [("能源", "nengyuan"), ("电力", "dianli"), ("光伏", "guangfu"), ("燃气", "ranqi")],
    "finance": [("银行", "yinhang"), ("证券", "zhengquan"), ("保险", "baoxian")],
    "healthcare": [("医药", "yiyao"), ("医疗器械", "yiliao-qixie"), ("生物科技", "shengwu-keji")],
    "retail": [("百货", "baihuo"), ("商贸", "shangmao"), ("超市", "chaoshi")],
    "food_beverage": [("食品", "shipin"), ("乳业", "ruye"), ("饮料", "yinliao"), ("酿酒", "niangjiu")],
    "logistics": [("物流", "wuliu"), ("供应链", "gongyinglian"), ("快运", "kuaiyun")],
    "telecom": [("通信", "tongxin"), ("网络", "wangluo")],
    "technology": [("电子", "dianzi"), ("软件", "ruanjian"), ("智能科技", "zhineng-keji"), ("半导体", "bandaoti")],
    "real_estate": [("置业", "zhiye"), ("地产", "dichan")],
    "education": [("教育", "jiaoyu"), ("职业学院", "zhiye-xueyuan")],
    "public_sector": [("水务", "shuiwu"), ("公交", "gongjiao"), ("城投", "chengtou")],
    "other": [("实业", "shiye"), ("控股", "konggu")],
}
FOREIGN = [
    ("Acme Industrial", "acme-industrial"),
    ("Nordic Components", "nordic-components"),
    ("Pacific Foods", "pacific-foods"),
    ("Rhein Automation", "rhein-automation"),
    ("Sunrise Electronics", "sunrise-electronics"),
    ("Atlas Logistics", "atlas-logistics"),
    ("Meridian Health", "meridian-health"),
    ("Kanto Precision", "kanto-precision"),
]
FOREIGN_SUFFIX = ["GmbH", "Ltd.", "Inc.", "Pte. Ltd.", "S.A.", "Co., Ltd."]
SUFFIXES = ["股份有限公司", "有限公司", "集团有限公司", "科技有限公司", "集团"]
UNITS = ["生产部", "采购中心", "研发中心", "华东工厂", "华南工厂", "IT 部", "设备部", "物流中心", "质量部", "Plant 2"]
NEEDS = [
    "降低单位能耗",
    "缩短交付周期",
    "提高设备稼动率",
    "统一供应商管理",
    "国产化替代",
    "ERP integration",
    "本地化技术服务",
    "账期 90 天",
    "产线自动化改造",
    "质量追溯",
    "降本 5%",
    "数字化工厂",
]
TITLES = {
    "top": ["总经理", "董事长", "副总裁", "CEO", "CFO", "厂长"],
    "middle": ["采购经理", "技术总监", "财务经理", "生产经理", "IT Manager", "设备部长"],
    "base": ["采购专员", "工程师", "设备主管", "班组长", "质检员", "Buyer"],
}
COMPETITORS = [
    "西门子",
    "ABB",
    "施耐德电气",
    "汇川技术",
    "华为",
    "海康威视",
    "三一重工",
    "Honeywell",
    "Emerson",
    "欧姆龙",
    "台达电子",
    "正泰电器",
    "Rockwell",
    "Bosch Rexroth",
    "新松机器人",
    "埃斯顿",
    "金蝶",
    "用友",
    "客户内部 IT 部",
    "集团采购中心",
]
OFFERINGS = [
    ("plc-s1", "PLC 控制器 S1"),
    ("plc-s2", "PLC 控制器 S2"),
    ("servo", "伺服系统"),
    ("vfd", "变频器"),
    ("hmi", "人机界面 HMI"),
    ("mes", "MES 制造执行系统"),
    ("scada", "SCADA 平台"),
    ("sensor", "工业传感器"),
    ("robot-arm", "协作机器人"),
    ("service", "维保服务"),
    ("training", "技术培训"),
    ("cloud", "工业云"),
]
DEAL_WORDS = [
    "产线升级",
    "扩产项目",
    "年度框架协议",
    "备件采购",
    "改造项目",
    "试点项目",
    "新工厂建设",
    "MES 二期",
    "节能改造",
    "自动化改造",
    "Pilot",
    "Retrofit",
]
DEAL_SLUGS = [
    "upgrade",
    "expansion",
    "framework",
    "spares",
    "retrofit",
    "pilot",
    "new-plant",
    "mes-phase2",
    "energy",
    "automation",
    "pilot-en",
    "retrofit-en",
]
NEXT_STEPS = ["安排技术交流", "提交报价", "约见采购经理", "准备演示", "发送方案书", "商务谈判", "Send revised quote"]
ACTION_TITLES = {
    "supply_priority": "旺季前锁定库存与交期",
    "frontline_training": "为客户一线人员做产品培训",
    "new_product_trial": "新品 S2 试用",
    "customer_events": "关注客户新工厂动态",
    "executive_visit": "安排高层拜访",
    "joint_promotion": "联合推广方案",
    "rep_feedback": "征询客户对销售代表的意见",
    "incentives": "年度返利政策",
    "sales_data": "月度销售数据分析",
    "annual_summit": "邀请参加年度大客户峰会",
}
SUMMARIES = {
    "visit": "拜访客户，了解需求",
    "call": "电话沟通项目进度",
    "meeting": "项目例会",
    "demo": "产品演示",
    "trial": "现场试用",
    "training": "设备操作培训",
    "executive_visit": "高层拜访，确认合作方向",
    "summit": "参加年度峰会",
    "email": "Sent the quotation by email",
}
ADVANCES = ["同意安排产品演示", "引荐技术总监", "同意现场试用", "批准部分预算", "同意共同推进立项", "约定下周签约"]
COMPLAINTS = [
    "交货延迟两周",
    "设备故障响应慢",
    "发票信息有误",
    "备件质量问题",
    "Wrong firmware version shipped",
    "服务工程师态度问题",
]
COMPLAINT_OUTCOMES = ["补发备件并致歉", "更换设备", "重新开票", "调整服务流程", "Credit note issued"]
SURVEY_COMMENTS = ["整体满意", "交付速度需提高", "技术支持很专业", "价格偏高", "Good service", "希望加强培训"]
OBJECTIVES = [
    "提升客户份额至 30%",
    "签订年度框架协议",
    "进入新工厂供应商名录",
    "保持独家供应",
    "回收逾期账款",
    "Expand into Plant 2",
]
REVIEWS = ["价格竞争失利，后续以服务差异化切入。", "关键联系人离职，关系断层。", "客户被集团收购，统一采购。"]
NOTES = [
    "客户重视交期与本地服务。",
    "**关键**：采购流程需要集团审批。",
    "Prefers English documents.",
    "每年三月编制预算。",
    "对价格敏感，但看重稳定性。",
]

TIER_SHARE = (("major", 5), ("named", 15), ("non_named", 35), ("mass", 45))
TIER_WEIGHT = {"major": 3.0, "named": 1.8, "non_named": 1.0, "mass": 0.45}
STAGE_WEIGHTS = (("prospect", 15), ("intent", 14), ("proposal", 14), ("negotiation", 10), ("won", 27), ("lost", 20))
OPEN = OPEN_STAGES  # the policy's, so a synthetic deal's stage and probability always validate
PROB = {s: r for s, r in Policy().probability_ranges().items() if s in OPEN_STAGES}


def _pick(rng: random.Random, weighted):
    items, weights = zip(*weighted)
    return rng.choices(items, weights)[0]


def _count(rng: random.Random, mean: float) -> int:
    """A count with the given mean, spread like real files (many small, a few large)."""
    return int(mean * rng.uniform(0.3, 1.7) + rng.random())


def _day(rng: random.Random, lo: dt.date, hi: dt.date) -> dt.date:
    span = (hi - lo).days
    return lo + dt.timedelta(days=rng.randint(0, max(span, 0)))


class _Ids:
    """Unique slugs: `base`, then `base-2`, `base-3`..."""

    def __init__(self):
        self.seen: dict[str, int] = {}

    def __call__(self, base: str) -> str:
        n = self.seen.get(base, 0) + 1
        self.seen[base] = n
        return base if n == 1 else f"{base}-{n}"


# ---------------------------------------------------------------- the team
def _people(rng: random.Random, n_accounts: int, as_of: dt.date) -> dict:
    ids = _Ids()
    n_reps = max(3, round(n_accounts / 35))
    n_managers = max(1, math.ceil(n_reps / 7))
    n_exec = 2 + n_accounts // 2500
    n_ka = 1 + n_accounts // 2000
    n_inside = max(1, n_accounts // 400)
    n_left = max(1, n_reps // 20)
    people = []

    def person(role, team=None, manager=None, left=False):
        s, sp = rng.choice(SURNAMES)
        g, gp = rng.choice(GIVEN)
        pid = ids(f"{sp}-{gp}")
        joined = _day(rng, as_of - dt.timedelta(days=3650), as_of - dt.timedelta(days=400))
        p = {"id": pid, "name": s + g, "role": role, "team": team, "manager": manager, "joined": joined}
        if left:
            p["left"] = _day(rng, joined + dt.timedelta(days=200), as_of - dt.timedelta(days=30))
        if rng.random() < 0.4:
            p["github"] = f"{gp}{sp}{rng.randint(1, 99)}"
        if role == "rep" and rng.random() < 0.2:
            p["capacity"] = rng.choice([30, 35, 40, 45])
        people.append(p)
        return p

    execs = [person("executive", "管理层") for _ in range(n_exec)]
    teams = [f"{rng.choice(['华东', '华南', '华北', '华中', '西部'])}{i + 1}组" for i in range(n_managers)]
    managers = [person("manager", teams[i], execs[i % n_exec]["id"]) for i in range(n_managers)]
    ka = [person("ka_team", "大客户管理部", execs[0]["id"]) for _ in range(n_ka)]
    reps = [person("rep", teams[i % n_managers], managers[i % n_managers]["id"]) for i in range(n_reps)]
    inside = [person("inside_sales", "电话销售", managers[0]["id"]) for _ in range(n_inside)]
    left = [person("rep", teams[i % n_managers], managers[i % n_managers]["id"], left=True) for i in range(n_left)]
    return {
        "all": people,
        "exec": execs,
        "manager": managers,
        "ka": ka,
        "rep": reps,
        "inside": inside,
        "left": left,
        "by_id": {p["id"]: p for p in people},
    }


def _book_text(team: dict) -> str:
    out = ["# 销售团队与产品目录 / the sales team and the offering catalogue (synthetic)", "people:"]
    for p in team["all"]:
        out.append(f"  - id: {p['id']}")
        out.append(f"    name: {q(p['name'])}")
        out.append(f"    role: {p['role']}")
        if p.get("team"):
            out.append(f"    team: {q(p['team'])}")
        if p.get("manager"):
            out.append(f"    manager: {p['manager']}")
        if p.get("github"):
            out.append(f"    github: {q(p['github'])}")
        if p.get("capacity"):
            out.append(f"    capacity: {p['capacity']}")
        out.append(f"    joined: {p['joined'].isoformat()}")
        if p.get("left"):
            out.append(f"    left: {p['left'].isoformat()}")
    out.append("offerings:")
    for oid, name in OFFERINGS:
        out.append(f"  - id: {oid}")
        out.append(f"    name: {q(name)}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- one account
class _Writer:
    def __init__(self, rng: random.Random, team: dict, as_of: dt.date):
        self.rng = rng
        self.team = team
        self.as_of = as_of
        self.account_ids = _Ids()
        self.invoice = 0

    def account(self) -> tuple[str, str, str]:
        """(region folder, account id, file text) of the next account."""
        rng, as_of = self.rng, self.as_of
        region = _pick(rng, REGION_WEIGHTS.items())
        industry = rng.choice(list(ENUMS["industry"]))
        tier = _pick(rng, TIER_SHARE)
        w = TIER_WEIGHT[tier]
        overseas = region == "overseas"
        if overseas:
            core, slug = rng.choice(FOREIGN)
            name = f"{core} {rng.choice(FOREIGN_SUFFIX)}"
            short = core
        else:
            city, cslug = rng.choice(CITIES[region])
            core, coreslug = rng.choice(CORES[industry])
            name = city + core + rng.choice(SUFFIXES)
            short = city[:2] + core[:2]
            slug = f"{cslug}-{coreslug}"
        aid = self.account_ids(slug)
        out: list[str] = []
        a = out.append

        a(f"# {name}")
        a(f"name: {q(name)}")
        if rng.random() < 0.7:
            a(f"short_name: {q(short)}")
        owner = self._owner(tier)
        if owner:
            a(f"owner: {owner}")
        sponsor = None
        if tier in ("major", "named") and rng.random() < 0.6 or rng.random() < 0.03:
            sponsor = rng.choice(self.team["exec"] + self.team["manager"] + self.team["ka"])["id"]
            a(f"sponsor: {sponsor}")
        a(f"industry: {industry}")
        a(f"region: {region}")
        # lifecycle, value and share: shaped by the tier so that every tier and posture occurs
        lifecycle = _pick(rng, (("potential", 8), ("new", 17), ("stable", 40), ("mature", 35)))
        potential, revenue = self._value(tier)
        if lifecycle == "potential":
            revenue = 0.0
        a(f"lifecycle: {lifecycle}")
        if rng.random() < 0.85:
            a(f"size: {_pick(rng, (('small', 3), ('medium', 4), ('large', 3 + 6 * (tier == 'major'))))}")
        if rng.random() < 0.7:
            own = "foreign" if overseas else rng.choice([o for o in ENUMS["ownership"] if o != "foreign"])
            a(f"ownership: {own}")
        since = None
        if lifecycle != "potential":
            back = {"new": (60, 700), "stable": (700, 2500), "mature": (2500, 6000)}[lifecycle]
            since = as_of - dt.timedelta(days=rng.randint(*back))
            a(f"since: {since.isoformat()}")
        if rng.random() < 0.3:
            a(f"tier: {tier}")
        currency = None
        if overseas and rng.random() < 0.7 or rng.random() < 0.02:
            currency = rng.choice(["USD", "EUR", "HKD"])
            a(f"currency: {currency}")
        a(f"potential: {num(round(potential, -3))}")
        if rng.random() < 0.6:
            a(f"net_margin: {rng.choice([2, 3.5, 5, 8, 10, 12.5, 15])}")
        units = rng.sample(UNITS, rng.randint(1, 4 if tier in ("major", "named") else 2))
        if rng.random() < 0.6:
            a(f"business_units: {flow(units)}")
        if rng.random() < 0.7:
            a("needs:")
            for need in rng.sample(NEEDS, rng.randint(1, 3)):
                a(f"  - {q(need)}")

        # revenue: the last three years (partial for a new customer)
        if revenue > 0:
            a("revenue:")
            for year in range(as_of.year - 2, as_of.year + 1):
                if since and year < since.year:
                    continue
                amount = round(revenue * rng.uniform(0.7, 1.3) * (0.85 if year == as_of.year else 1), -2)
                a(f"  - year: {year}")
                a(f"    amount: {num(amount)}")
                if rng.random() < 0.85:
                    a(f"    gross_profit: {num(round(amount * rng.uniform(0.12, 0.38), -2))}")
                if rng.random() < 0.6:
                    a(f"    selling_expense: {num(round(amount * rng.uniform(0.02, 0.08), -2))}")
        else:
            a("revenue: []")

        if lifecycle != "potential" and rng.random() < 0.8:
            a("credit:")
            a(f"  rating: {rng.choice(['AAA', 'AA', 'A', 'BBB', 'BB', 'B', 'CCC'])}")
            a(f"  limit: {num(round(max(revenue, 100_000) * rng.uniform(0.1, 0.4), -4))}")
            a(f"  reviewed: {_day(rng, as_of - dt.timedelta(days=500), as_of).isoformat()}")
        if lifecycle in ("stable", "mature") and rng.random() < 0.5:
            a("loyalty:")
            a(f"  repeat_purchase: {'true' if rng.random() < 0.8 else 'false'}")
            a(f"  referrals: {rng.randint(0, 4)}")
            a(f"  exclusive: {'true' if rng.random() < 0.2 else 'false'}")
        if lifecycle != "potential" and rng.random() < 0.03:
            a("lost:")
            a(f"  date: {_day(rng, as_of - dt.timedelta(days=400), as_of - dt.timedelta(days=5)).isoformat()}")
            a(f"  reason: {rng.choice(list(ENUMS['lost_reason']))}")
            a(f"  review: {q(rng.choice(REVIEWS))}")

        contacts = self._contacts(out, w, overseas)
        competitors = self._competitors(out, w)
        opps = self._opportunities(out, w, contacts, competitors, units, currency)
        self._plan(out, w, owner, sponsor)
        self._activities(out, w, owner, sponsor, contacts, opps)
        self._receivables(out, w, revenue, currency, lifecycle)
        self._surveys(out, w, contacts)
        self._complaints(out, w)
        if tier in ("major", "named") and rng.random() < 0.6:
            a("whitespace:")
            for unit in units:
                for oid, _ in rng.sample(OFFERINGS, rng.randint(1, 3)):
                    a(
                        f"  - {{unit: {q(unit)}, offering: {oid}, "
                        f"status: {rng.choice(list(ENUMS['whitespace_status']))}}}"
                    )
        if rng.random() < 0.4:
            a("notes: |")
            for line in rng.sample(NOTES, rng.randint(1, 3)):
                a(f"  {line}")
        return region, aid, "\n".join(out) + "\n"

    # the pieces ----------------------------------------------------------
    def _owner(self, tier: str) -> str | None:
        rng = self.rng
        if rng.random() < 0.03:
            return None  # the unowned pool
        if tier == "mass" and rng.random() < 0.4:
            return rng.choice(self.team["inside"])["id"]
        if tier == "major" and rng.random() < 0.15:
            return rng.choice(self.team["ka"])["id"]
        return rng.choice(self.team["rep"])["id"]

    def _value(self, tier: str) -> tuple[float, float]:
        """(purchase potential, yearly revenue with us), by tier, with shares spread on both sides of 50%."""
        rng = self.rng
        if tier == "major":
            potential = rng.uniform(20e6, 150e6)
            revenue = max(5.5e6, potential * rng.uniform(0.1, 0.8))
        elif tier == "named":
            if rng.random() < 0.6:
                potential = rng.uniform(20e6, 60e6)
                revenue = rng.uniform(1e6, 4.5e6)
            else:
                potential = rng.uniform(6e6, 15e6)
                revenue = rng.uniform(5.2e6, 6e6)
        elif tier == "non_named":
            potential = rng.uniform(5e6, 19e6)
            revenue = rng.uniform(1e6, 4.8e6)
        else:
            potential = rng.uniform(0.2e6, 4.8e6)
            revenue = potential * rng.uniform(0.05, 0.95)
            revenue = min(revenue, 0.95e6)
        return potential, revenue

    def _contacts(self, out, w, overseas) -> list[dict]:
        rng = self.rng
        n = max(1, _count(rng, 4.1 * w))
        if n == 0:
            return []
        ids = _Ids()
        contacts = []
        out.append("contacts:")
        for i in range(n):
            level = "top" if i == 0 else _pick(rng, (("top", 2), ("middle", 5), ("base", 4)))
            if overseas and rng.random() < 0.7:
                first, last = rng.choice(WESTERN)
                name = f"{first} {last}"
                cid = ids(re.sub(r"[^a-z]+", "-", f"{first} {last}".lower()).strip("-"))
            else:
                s, sp = rng.choice(SURNAMES)
                suf, sufp = rng.choice(CONTACT_SUFFIX)
                if suf:
                    name, cid = s + suf, ids(f"{sp}-{sufp}")
                else:
                    g, gp = rng.choice(GIVEN)
                    name, cid = s + g, ids(f"{sp}-{gp}")
            c = {"id": cid, "level": level}
            out.append(f"  - id: {cid}")
            out.append(f"    name: {q(name)}")
            if rng.random() < 0.9:
                out.append(f"    title: {q(rng.choice(TITLES[level]))}")
            out.append(f"    level: {level}")
            roles = []
            if level == "top" and rng.random() < 0.7:
                roles.append("decision_maker")
            if rng.random() < 0.6:
                roles.append(rng.choice(["purchaser", "user", "gatekeeper"]))
            if rng.random() < 0.2:
                roles.append(rng.choice(["guide", "insider"]))
            if roles:
                out.append(f"    roles: {flow(dict.fromkeys(roles))}")
            out.append(f"    attitude: {_pick(rng, (('support', 4), ('neutral', 4), ('oppose', 1)))}")
            if rng.random() < 0.8:
                out.append(f"    influence: {rng.choice(list(ENUMS['influence']))}")
            if rng.random() < 0.4:
                out.append(f"    style: {rng.choice(list(ENUMS['style']))}")
            bosses = [x["id"] for x in contacts if x["level"] != "base"]
            if bosses and rng.random() < 0.6:
                out.append(f"    reports_to: {rng.choice(bosses)}")
            if rng.random() < 0.15:
                out.append(
                    f"    notes: {q(rng.choice(['喜欢周二上午开会', '技术背景出身', 'Prefers WeChat', '对我司有顾虑']))}"
                )
            contacts.append(c)
        return contacts

    def _competitors(self, out, w) -> list[str]:
        rng = self.rng
        n = min(len(COMPETITORS), _count(rng, 1.2 * w))
        if n == 0:
            return []
        names = rng.sample(COMPETITORS, n)
        out.append("competitors:")
        for name in names:
            out.append(f"  - name: {q(name)}")
            kind = "indirect" if name in ("客户内部 IT 部", "集团采购中心") else "direct"
            out.append(f"    kind: {kind}")
            if rng.random() < 0.8:
                out.append(f"    status: {_pick(rng, (('watching', 4), ('active', 4), ('won_business', 2)))}")
            if rng.random() < 0.7:
                out.append(f"    strategy: {rng.choice(list(ENUMS['strategy']))}")
            if rng.random() < 0.6:
                share = rng.randint(5, 60)
                out.append(f"    share: {share if rng.random() < 0.7 else json.dumps(f'{share}%')}")
        return names

    def _opportunities(self, out, w, contacts, competitors, units, currency) -> list[tuple[str, str, dt.date]]:
        rng, as_of = self.rng, self.as_of
        n = _count(rng, 3.1 * w)
        if n == 0:
            return []
        ids = _Ids()
        opps = []
        out.append("opportunities:")
        for _ in range(n):
            stage = _pick(rng, STAGE_WEIGHTS)
            k = rng.randrange(len(DEAL_WORDS))
            created = _day(rng, as_of - dt.timedelta(days=900), as_of - dt.timedelta(days=10))
            oid = ids(f"{created.year}-{DEAL_SLUGS[k]}")
            if stage in OPEN:
                close = _day(rng, as_of - dt.timedelta(days=30), as_of + dt.timedelta(days=270))
                close = max(close, created + dt.timedelta(days=7))
            else:
                close = _day(rng, min(created + dt.timedelta(days=15), as_of), as_of)
            out.append(f"  - id: {oid}")
            out.append(f"    name: {q(DEAL_WORDS[k])}")
            out.append(f"    stage: {stage}")
            if stage != "lost" or rng.random() < 0.8:
                out.append(f"    amount: {num(round(rng.lognormvariate(13, 1.1), -3) + 10_000)}")
            if currency and rng.random() < 0.2:
                out.append(f"    currency: {currency}")
            if stage in PROB and rng.random() < 0.3:
                out.append(f"    probability: {rng.randint(*PROB[stage])}")
            elif stage == "won" and rng.random() < 0.1:
                out.append("    probability: 100")
            out.append(f"    created: {created.isoformat()}")
            out.append(f"    close: {close.isoformat()}")
            if stage in OPEN and rng.random() < 0.7:
                out.append(f"    forecast: {rng.choice(list(ENUMS['forecast']))}")
            if rng.random() < 0.1:
                out.append(f"    owner: {rng.choice(self.team['rep'])['id']}")
            if rng.random() < 0.8:
                out.append(f"    offering: {rng.choice(OFFERINGS)[0]}")
            if rng.random() < 0.5:
                out.append(f"    unit: {q(rng.choice(units))}")
            if stage != "prospect" or rng.random() < 0.3:
                vals = [_pick(rng, (("true", 7), ("false", 1), ("null", 2))) for _ in range(4)]
                # an unanswered question is left out: `null` is rejected today (convert.py checks
                # node.style is None, but libyaml gives "" for plain scalars)
                pairs = [(k, v) for k, v in zip(("real", "compete", "win", "worth"), vals) if v != "null"]
                if not pairs:
                    pass
                elif rng.random() < 0.5:
                    out.append("    qualification: {" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}")
                else:
                    out.append("    qualification:")
                    for key, v in pairs:
                        out.append(f"      {key}: {v}")
            if contacts and rng.random() < 0.6:
                bc = rng.sample([c["id"] for c in contacts], rng.randint(1, min(4, len(contacts))))
                out.append(f"    buying_centre: {flow(bc)}")
            if competitors and rng.random() < 0.5:
                out.append(f"    competitors: {flow(rng.sample(competitors, rng.randint(1, len(competitors))))}")
            if stage == "lost":
                out.append(f"    lost_reason: {rng.choice(list(ENUMS['lost_reason']))}")
            if stage in OPEN and rng.random() < 0.6:
                out.append(f"    next_step: {q(rng.choice(NEXT_STEPS))}")
            if rng.random() < 0.5:
                self._stage_dates(out, stage, created, close)
            if rng.random() < 0.1:
                out.append(f"    notes: {q(rng.choice(NOTES))}")
            opps.append((oid, stage, created))
        return opps

    def _stage_dates(self, out, stage, created, close):
        rng = self.rng
        if stage in OPEN:
            reached = list(OPEN[: OPEN.index(stage) + 1])
            end = min(self.as_of, max(close, created))
        elif stage == "won":
            reached = list(OPEN) + ["won"]
            end = close
        else:
            reached = list(OPEN[: rng.randint(1, 4)]) + ["lost"]
            end = close
        span = max((end - created).days, 0)
        offsets = sorted(rng.randint(0, span) for _ in reached[1:])
        out.append("    stage_dates:")
        out.append(f"      {reached[0]}: {created.isoformat()}")
        for s, off in zip(reached[1:], offsets):
            out.append(f"      {s}: {(created + dt.timedelta(days=off)).isoformat()}")

    def _plan(self, out, w, owner, sponsor):
        rng, as_of = self.rng, self.as_of
        n = _count(rng, 3.1 * w)
        objectives = rng.sample(OBJECTIVES, rng.randint(0, 2))
        if not n and not objectives:
            return
        out.append("plan:")
        if objectives:
            out.append("  objectives:")
            for o in objectives:
                out.append(f"    - {q(o)}")
        if not n:
            return
        doers = [x for x in (owner, sponsor) if x] or [rng.choice(self.team["manager"])["id"]]
        out.append("  actions:")
        for _ in range(n):
            measure = rng.choice(list(ENUMS["measure"]))
            due = _day(rng, as_of - dt.timedelta(days=200), as_of + dt.timedelta(days=150))
            out.append(f"    - title: {q(ACTION_TITLES[measure])}")
            out.append(f"      measure: {measure}")
            out.append(f"      owner: {rng.choice(doers)}")
            out.append(f"      due: {due.isoformat()}")
            if due < as_of and rng.random() < 0.7 or rng.random() < 0.1:
                done = min(as_of, _day(rng, due - dt.timedelta(days=30), due + dt.timedelta(days=20)))
                out.append(f"      done: {done.isoformat()}")
            if rng.random() < 0.1:
                out.append(f"      notes: {q(rng.choice(NOTES))}")

    def _activities(self, out, w, owner, sponsor, contacts, opps):
        rng, as_of = self.rng, self.as_of
        n = _count(rng, 8.2 * w)
        if n == 0:
            return
        ours = [owner] if owner else [rng.choice(self.team["inside"])["id"]]
        extra = [p["id"] for p in self.team["manager"] + self.team["exec"]] + ([sponsor] if sponsor else [])
        rows = []
        for _ in range(n):
            rows.append(_day(rng, as_of - dt.timedelta(days=720), as_of))
        out.append("activities:")
        for date in sorted(rows, reverse=True):
            kind = _pick(
                rng,
                (
                    ("visit", 30),
                    ("call", 25),
                    ("meeting", 15),
                    ("demo", 6),
                    ("trial", 3),
                    ("training", 4),
                    ("executive_visit", 4),
                    ("summit", 2),
                    ("email", 11),
                ),
            )
            out.append(f"  - date: {date.isoformat()}")
            out.append(f"    kind: {kind}")
            by = list(ours)
            if kind in ("executive_visit", "summit") or rng.random() < 0.15:
                by.append(rng.choice(extra))
            out.append(f"    by: {flow(dict.fromkeys(by))}")
            if contacts and rng.random() < 0.85:
                out.append(
                    f"    with: {flow(rng.sample([c['id'] for c in contacts], min(len(contacts), rng.randint(1, 2))))}"
                )
            live = [o for o in opps if o[2] <= date]
            if live and rng.random() < 0.6:
                out.append(f"    opportunity: {rng.choice(live)[0]}")
            outcome = _pick(rng, (("order", 1), ("advance", 4), ("continuation", 4), ("no_sale", 1), (None, 3)))
            if outcome:
                out.append(f"    outcome: {outcome}")
            out.append(f"    summary: {q(SUMMARIES[kind])}")
            if outcome == "advance":
                out.append(f"    advance: {q(rng.choice(ADVANCES))}")

    def _receivables(self, out, w, revenue, currency, lifecycle):
        rng, as_of = self.rng, self.as_of
        if lifecycle == "potential":
            return
        n = _count(rng, 2.3 * w)
        if n == 0:
            return
        out.append("receivables:")
        for _ in range(n):
            issued = _day(rng, as_of - dt.timedelta(days=700), as_of - dt.timedelta(days=1))
            self.invoice += 1
            due = issued + dt.timedelta(days=rng.choice([30, 45, 60, 90]))
            out.append(f"  - invoice: INV-{issued.year}-{self.invoice:06d}")
            out.append(f"    amount: {num(round(max(revenue, 200_000) * rng.uniform(0.01, 0.2), -1))}")
            if currency and rng.random() < 0.5:
                out.append(f"    currency: {currency}")
            out.append(f"    issued: {issued.isoformat()}")
            out.append(f"    due: {due.isoformat()}")
            r = rng.random()
            if r < 0.65:
                paid = issued + dt.timedelta(days=rng.randint(10, 150))
                if paid <= as_of:
                    out.append(f"    paid: {paid.isoformat()}")
            elif r < 0.7 and due + dt.timedelta(days=180) <= as_of:
                off = _day(rng, due + dt.timedelta(days=180), as_of)
                out.append(f"    written_off: {off.isoformat()}")

    def _surveys(self, out, w, contacts):
        rng, as_of = self.rng, self.as_of
        n = _count(rng, 0.8 * w) if rng.random() < 0.6 else 0
        if n == 0:
            return
        out.append("surveys:")
        for _ in range(n):
            out.append(f"  - date: {_day(rng, as_of - dt.timedelta(days=700), as_of).isoformat()}")
            out.append(f"    satisfaction: {rng.randint(3, 10)}")
            if rng.random() < 0.7:
                out.append(f"    expectation: {rng.randint(5, 10)}")
                out.append(f"    experience: {num(rng.randint(6, 20) / 2)}")
            if contacts and rng.random() < 0.7:
                out.append(f"    respondent: {rng.choice(contacts)['id']}")
            if rng.random() < 0.5:
                out.append(f"    comment: {q(rng.choice(SURVEY_COMMENTS))}")

    def _complaints(self, out, w):
        rng, as_of = self.rng, self.as_of
        n = _count(rng, 0.8 * w) if rng.random() < 0.25 else 0
        if n == 0:
            return
        out.append("complaints:")
        for _ in range(n):
            date = _day(rng, as_of - dt.timedelta(days=600), as_of)
            out.append(f"  - date: {date.isoformat()}")
            out.append(f"    summary: {q(rng.choice(COMPLAINTS))}")
            out.append(f"    severity: {rng.choice(list(ENUMS['severity']))}")
            if rng.random() < 0.75:
                resolved = min(as_of, date + dt.timedelta(days=rng.randint(0, 40)))
                out.append(f"    resolved: {resolved.isoformat()}")
                out.append(f"    outcome: {q(rng.choice(COMPLAINT_OUTCOMES))}")


# ---------------------------------------------------------------- the book
def write_book(dest: Path, n_accounts: int, seed: int = 0, as_of: dt.date = AS_OF) -> None:
    """Write a valid synthetic book of `n_accounts` accounts into `dest` (created if missing)."""
    dest = Path(dest)
    rng = random.Random(seed)
    team = _people(rng, n_accounts, as_of)
    writer = _Writer(rng, team, as_of)
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "_book.yaml").write_text(_book_text(team), encoding="utf-8")
    made: set[str] = set()
    for _ in range(n_accounts):
        region, aid, text = writer.account()
        folder = dest / region
        if region not in made:
            folder.mkdir(exist_ok=True)
            made.add(region)
        (folder / f"{aid}.yaml").write_text(text, encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(prog="python benchmarks/synth.py", description="Write a synthetic, valid book.")
    ap.add_argument("dest", type=Path, help="folder to write the book into")
    ap.add_argument("n", type=int, help="number of accounts")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--as-of", type=dt.date.fromisoformat, default=AS_OF, metavar="YYYY-MM-DD")
    args = ap.parse_args(argv)
    write_book(args.dest, args.n, args.seed, args.as_of)


if __name__ == "__main__":
    main()
