"""Synthetic CSV exports for benchmarks: ``synth_csv(dest, n, seed)``.

Writes ``accounts.csv`` (UTF-8 with BOM, CRLF, as Excel saves it),
``people.csv``, ``products.csv``, ``contacts.csv`` and ``opportunities.csv``
for `n` accounts, and ``mapping.yaml`` that imports them.  Chinese and ASCII
names mixed; only ``random.Random(seed)`` is used, so the same seed gives the
same bytes.  A few defects are planted on purpose (a misspelt product, deals
with no account) so the report path is exercised too.

    from synth_csv import synth_csv   # benchmarks/ on the path
    synth_csv(Path("/tmp/in"), 10_000, seed=1)
    # kam import csv --mapping /tmp/in/mapping.yaml /tmp/in
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from pathlib import Path

MAPPING = """\
name: synthetic
encoding: auto
date_format: "%Y-%m-%d"
currency: CNY
unassigned: keep
revenue_from_won: true
missing_close: {days_after_created: 60, date: 2026-12-31}
tables:
  offerings:
    files: [products.csv]
    columns: {name: 产品名称}
  people:
    files: [people.csv]
    columns: {name: 姓名, team: 团队, manager: 上级, role: 角色}
    values:
      role: {销售: rep, 经理: manager}
    defaults: {role: rep}
  accounts:
    files: [accounts.csv]
    columns:
      id: 客户编号
      name: 客户名称
      owner: 负责人
      industry: 行业
      region: 区域
      potential: 采购潜力
      since: 成为客户日期
    defaults: {lifecycle: stable, industry: other, region: east, potential: 0}
  contacts:
    files: [contacts.csv]
    columns: {account: 客户编号, name: 姓名, title: 职务}
    defaults: {level: middle, attitude: neutral}
  opportunities:
    files: [opportunities.csv]
    columns:
      account: 客户编号
      id: 商机编号
      name: 商机名称
      stage: 阶段
      amount: 金额
      created: 创建日期
      close: 预计成交日期
      owner: 负责人
      offering: 产品
    values:
      stage: {线索: prospect, 意向: intent, 方案: proposal, 谈判: negotiation, 赢单: won, 输单: lost}
    aliases:
      offering: {MES系统: MES 系统}
    defaults: {lost_reason: other}
"""

_CITIES = ["上海", "苏州", "杭州", "北京", "深圳", "广州", "成都", "武汉", "西安", "南京", "Shanghai", "Suzhou"]
_TRADES = ["精密机械", "汽车零部件", "新能源", "食品", "物流", "医疗器械", "Semiconductor", "Logistics", "Foods"]
_SUFFIX = ["有限公司", "股份有限公司", "集团", " Co., Ltd.", " Inc."]
_REGIONS = ["东区", "南区", "北区", "west"]
_INDUSTRY = ["manufacturing", "automotive", "energy", "food_beverage", "logistics", "healthcare", "technology"]
_REGION = ["east", "south", "north", "central", "southwest"]
_STAGES = ["线索", "意向", "方案", "谈判", "赢单", "输单"]
_PRODUCTS = ["MES 系统", "IoT 平台", "ERP 实施", "Analytics", "Support"]
_SURNAMES = "王李张刘陈杨黄赵周吴徐孙马朱胡郭何林高罗"
_GIVEN = ["伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明"]


def _write(path: Path, header, rows, bom=False, crlf=False):
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n" if crlf else "\n")
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode("utf-8-sig" if bom else "utf-8"))


def synth_csv(dest: Path, n: int, seed: int = 0) -> Path:
    """Write the CSVs and mapping.yaml for `n` synthetic accounts into `dest`; returns the mapping's path."""
    rng = random.Random(seed)
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    n_reps = max(2, n // 30)
    reps = []
    managers = [f"经理{i + 1}" for i in range(max(1, n_reps // 8))]
    people = [[m, _REGIONS[i % len(_REGIONS)], "", "经理"] for i, m in enumerate(managers)]
    for i in range(n_reps):
        name = f"{_SURNAMES[i % len(_SURNAMES)]}{_GIVEN[(i // len(_SURNAMES)) % len(_GIVEN)]}{i // 280 or ''}"
        reps.append(name)
        m = i % len(managers)
        people.append([name, _REGIONS[m % len(_REGIONS)], managers[m], "销售"])
    _write(dest / "people.csv", ["姓名", "团队", "上级", "角色"], people)
    _write(dest / "products.csv", ["产品名称"], [[p] for p in _PRODUCTS])
    accounts, contacts, opps = [], [], []
    start = dt.date(2024, 1, 1)
    k = 0
    for i in range(n):
        aid = f"C{i + 1:06d}"
        name = f"{rng.choice(_CITIES)}{rng.choice(_TRADES)}{i + 1}{rng.choice(_SUFFIX)}"
        since = start - dt.timedelta(days=rng.randrange(0, 3650))
        accounts.append(
            [
                aid,
                name,
                reps[i % n_reps],
                rng.choice(_INDUSTRY),
                rng.choice(_REGION),
                rng.randrange(1, 500) * 100_000,
                since.isoformat(),
            ]
        )
        for j in range(rng.randrange(1, 5)):
            cname = f"{rng.choice(_SURNAMES)}{rng.choice(_GIVEN)}{j}"
            contacts.append([aid, cname, rng.choice(["采购经理", "总经理", "IT 主管", "CFO"])])
        for _ in range(rng.randrange(2, 12)):
            k += 1
            stage = rng.choice(_STAGES)
            created = start + dt.timedelta(days=rng.randrange(0, 900))
            close = created + dt.timedelta(days=rng.randrange(10, 200))
            product = rng.choice(_PRODUCTS)
            if k % 997 == 0:
                product = "MES系统"  # the misspelling the mapping's aliases fix
            owner_acc = "" if k % 1999 == 0 else aid
            opps.append(
                [
                    owner_acc,
                    f"D{k:07d}",
                    f"{product} 项目 {k}",
                    stage,
                    rng.randrange(1, 300) * 10_000,
                    created.isoformat(),
                    close.isoformat() if stage in ("赢单", "输单") or k % 3 else "",
                    reps[i % n_reps],
                    product,
                ]
            )
    _write(
        dest / "accounts.csv",
        ["客户编号", "客户名称", "负责人", "行业", "区域", "采购潜力", "成为客户日期"],
        accounts,
        bom=True,
        crlf=True,
    )
    _write(dest / "contacts.csv", ["客户编号", "姓名", "职务"], contacts)
    _write(
        dest / "opportunities.csv",
        ["客户编号", "商机编号", "商机名称", "阶段", "金额", "创建日期", "预计成交日期", "负责人", "产品"],
        opps,
    )
    (dest / "mapping.yaml").write_text(MAPPING, encoding="utf-8")
    return dest / "mapping.yaml"
