"""Paths of the metrics JSON, normalised so dynamic keys (stages, tiers, people...) become placeholders.

`leaf_paths(m)` lists every path with its JSON type; docs/reference/metrics.md
documents each one and a test keeps the two in step.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))  # synth, for example_paths

# (regex on the normalised parent path, placeholder for its keys)
DYNAMIC: list[tuple[str, str]] = [
    (r"(^|\.)by_stage$", "<stage>"),
    (r"(^|\.)by_step$", "<step>"),
    (r"(^|\.)by_tier$", "<tier>"),
    (r"^tiers\.rollup$", "<tier>"),
    (r"(^|\.)by_posture$", "<posture>"),
    (r"(^|\.)by_rep$", "<person>"),
    (r"(^|\.)by_team$", "<team>"),
    (r"^forecast\.by_(rep|team|tier)\.<\w+>$", "<month>"),
    (r"(^|\.)by_category$", "<category>"),
    (r"\.measures$", "<measure>"),
    (r"(^|\.)measure_coverage$", "<measure>"),
    (r"\.grid$", "<unit>"),
    (r"\.grid\.<unit>$", "<offering>"),
    (r"(^|\.)time_in_stage$", "<stage>"),
    (r"^health\.accounts$", "<account>"),
    (r"^health\.rules$", "<rule>"),
    (r"(^|\.)contacts_by_account_level$", "<account>"),
    (r"contacts_by_account_level\.<account>$", "<level>"),
    (r"(^|\.)contacts_by_level$", "<level>"),
]
_DYNAMIC = [(re.compile(p), ph) for p, ph in DYNAMIC]


def _placeholder(parent: str) -> str | None:
    for rx, ph in _DYNAMIC:
        if rx.search(parent):
            return ph
    return None


def _type(v) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, (int, float)):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def leaf_paths(m, prefix: str = "", out: dict | None = None) -> dict[str, set]:
    """{normalised path: set of JSON types seen}; lists as `[]`, dynamic keys as placeholders."""
    out = {} if out is None else out
    if isinstance(m, dict):
        ph = _placeholder(prefix)
        for k, v in m.items():
            key = ph or k
            leaf_paths(v, f"{prefix}.{key}" if prefix else key, out)
        if not m and prefix:
            out.setdefault(prefix, set()).add("object")
    elif isinstance(m, list):
        if not m:
            out.setdefault(prefix + "[]", set())
        for v in m:
            if isinstance(v, (dict, list)):
                leaf_paths(v, prefix + "[]", out)
            else:
                out.setdefault(prefix + "[]", set()).add(_type(v))
    else:
        out.setdefault(prefix, set()).add(_type(m))
    return out


# The meaning of each key, by its name (the last part of a path): "name | 中文 | English".
# Money is in the base currency unless the name says otherwise; shares are fractions (0.25 = 25%).
_FIELDS = """
accounts_share | 客户数占比 | share of the customers
money_share | 财力（销售费用）占比 | share of the money (selling expense)
people_share | 人力（参与活动的人次）占比 | share of the people (person-activities)
time_share | 时间（活动数）占比 | share of the time (activities)
base | 上一年有销售额的客户数（留存的基数） | customers with revenue in the year before (the retention base)
buyers | 当前价值年份有销售额的客户数 | customers with revenue in the current-value year
churn | 流失率：上一年买、今年没买的客户占基数的比例 | churn: share of the base that did not buy again
churned | 流失的客户数（上一年买、今年没买） | customers who bought the year before and not again
credit_review_due | 授信到期需复审的客户数 | accounts whose credit limit is due for review
meets_target | 是否达到目标 | whether the target is met
repeat | 重复购买率：今年的买家中上一年也买过的比例 | repeat purchase: share of this year's buyers who bought the year before
retained | 留存的客户数（两年都有销售额） | customers retained (revenue in both years)
retention | 留存率：留存数 / 基数 | retention: retained / base
reviewed | 上次复审日期（null 表示从未复审） | last reviewed (null: never)
satisfied | 最近一次满意度达到阈值的客户数 | customers whose latest score reaches the threshold
surveyed | 截至报表日期接受过调查的客户数 | customers surveyed by the report date
target | 目标（小数） | target (a fraction)
threshold | 算作满意的最低满意度（0-10） | lowest score counted as satisfied (0-10)
1_30 | 逾期 1-30 天的金额 | amount 1-30 days overdue
31_60 | 逾期 31-60 天的金额 | amount 31-60 days overdue
61_90 | 逾期 61-90 天的金额 | amount 61-90 days overdue
over_90 | 逾期 90 天以上的金额 | amount more than 90 days overdue
current | 未到期的金额 | amount not yet due
<level> | 该层级的联系人数 | contacts at that organisation level
<measure> | 计划了该项策略的重点客户数 / 该策略的执行情况 | key accounts planning the measure / the measure's status
<offering> | 单元格状态：sold / pipeline / white / not_applicable | cell status: sold, pipeline, white or not_applicable
account | 客户 id（文件名） | account id (the file name)
accountability | 问责清单中的客户数 | accounts on the accountability list
accounts | 客户数，或客户 id 列表 | number of accounts, or the list of account ids
activities | 近 365 天的活动数 | activities in the last 365 days
activities_per_account | 近 365 天平均每个客户的活动数（过程指标） | activities per account in the last 365 days (a process KPI)
accounts_for_80 | 累计贡献 80% 销售额所需的客户数 | how many top accounts make 80% of revenue
actual | 实际投入：活动数 / 参与人次 / 销售费用 | effort logged: activities / person-activities / selling expense
actual_share | 实际投入占比 | share of the effort logged
amount | 金额（本位币） | amount in the base currency
amount_original | 原币金额 | amount in its own currency
as_of | 报表日期 | report date
average_days_to_pay | 已付款发票的平均回款天数（开票到付款） | mean days from invoice to payment, paid invoices
average_deal_size | 已成交商机的平均金额 | mean amount of won deals
base_currency | 本位币 | base currency
borrowing_cost | 年化资金成本（%） | annual borrowing cost (%)
bucket | 账龄段：current、1_30、31_60、61_90、over_90 | aging bucket
cap | 该项最多扣分 | most points the rule can take
capacity | 负荷上限（按等级加权的客户数） | most load the person should carry (accounts weighted by tier)
capacity_min | 负荷下限（策略） | least load a rep should carry (policy)
checked | 检查的商机数（方案阶段及以后） | deals checked (proposal stage and later)
close | 预计（或实际）成交日期 | expected (or actual) close date
closed_count | 已处理投诉数 | resolved complaints
closed_without_outcome | 已处理但未写明结果的投诉数 | resolved complaints with no outcome written
code | 原因代码 | reason code
compete | 是不是能竞争 | can we compete?
competitors | 活跃或已抢单的竞争对手 | competitors active or winning business
contact | 联系人 id | contact id
contact_name | 联系人姓名 | contact's name
contacts | 联系人数 | number of contacts
count | 数量 | count
coverage_compliant | 该等级无人超出覆盖上限 | no rep exceeds the tier's coverage
coverage_max_per_rep | 每名销售可负责的该等级客户数上限 | most accounts of the tier per rep (policy)
coverage_model | 覆盖模式：one_to_one、one_to_few、one_to_many、call_centre | coverage model
coverage_violations | 超出覆盖上限的情况 | reps over the tier's coverage
covered | 是否满足 1+2+1 / 覆盖的策略数 | 1+2+1 complete / number of measures planned
cumulative_accounts_share | 累计客户数占比 | cumulative share of accounts
cumulative_share | 累计销售额占比 | cumulative share of revenue
currency | 币种 | currency
current_year | 当前价值所用年份（报表日期的上一年） | year of current value (the year before the report date's)
date | 日期 | date
days | 天数 | days
days_idle | 距最近一次活动的天数 | days since the last activity
days_late | 实际付款晚于到期日的天数 | days paid after the due date
days_overdue | 截至报表日期的逾期天数 | days overdue at the report date
days_past | 预计成交日期已过去的天数 | days since the expected close date
days_since_activity | 距最近一次活动的天数 | days since the last activity
deals | 商机数或商机列表 | deals (count or list)
deals_covered | 满足 1+2+1 的重点商机数 | key deals with 1+2+1 complete
difference | 实际占比 − 计划占比 | actual share minus plan share
disagreements | 手工等级与计算等级不一致的客户 | accounts whose manual tier differs from the computed one
done | 完成日期 / 已完成数 | date done / number done
done_this_year | 今年已完成的高层拜访活动数 | executive-visit activities this year
dso | 应收账款周转天数：未收应收 ÷ 近 365 天开票额 × 365 | days sales outstanding: open receivables / last 365 days' invoicing x 365
due | 到期日 | due date
effort_window_days | 统计实际投入的天数窗口 | days of activity counted as effort
excess | 超出授信的金额 | exposure above the limit
exclusive | 独家供应的客户数 | accounts where we are the exclusive supplier
expectation | 期望分（0-10） | expectation score (0-10)
experience | 体验分（0-10） | experience score (0-10)
exposure | 敞口：未收应收合计 | exposure: open receivables
extra_sales_to_recover | 弥补该坏账所需的额外销售额 = 损失 ÷ 净利率 | extra sales to recover the loss = loss / net margin
file | 档案文件路径 | account file path
financing_cost | 迄今资金成本 = 金额 × 资金成本 × 逾期天数 ÷ 365 | financing cost so far = amount x cost x days / 365
flags | 提示代码（健康度原因及 tier_mismatch、unowned、lost） | flags: health reasons and tier_mismatch, unowned, lost
from | 起始阶段 | from stage
gap | 期望差 = 期望 − 体验（正数表示不满意） | expectation gap = expectation - experience (positive: dissatisfied)
gross_margin | 毛利率（当前年） | gross margin (current year)
gross_margin_change | 毛利率变化（百分点，小数） | gross margin change (fraction points)
gross_margin_previous | 上一年毛利率 | gross margin of the year before
gross_profit_growth | 毛利增长率 | gross profit growth
guide | 向导联系人 id | guide contact ids
has_review | 是否有书面复盘 | has a written review
headcount | 人数 | headcount
health | 健康度（0-100） | health score (0-100)
id | 客户 id | account id
industry | 行业 | industry
influence | 影响力 | influence
invoice | 发票号 | invoice number
issued | 开票日期 | issued
key | 是否重点客户（重要或次重要） | key account (major or named)
key_accounts | 重点客户数 | key accounts
key_average | 重点客户平均健康度 | mean health of key accounts
key_count | 重点客户数 | key accounts
key_team_advised | 是否建议成立大客户管理部 | a key-account team is advised
key_team_threshold | 建议成立大客户管理部的重点客户数（策略） | key accounts from which a team is advised (policy)
key_tiers | 重点客户所属等级 | tiers counted as key accounts
last_activity | 最近一次活动日期 | last activity date
latest | 最近一次满意度 | latest satisfaction
latest_date | 最近一次调查日期 | latest survey date
left | 离职日期 | date left
level | 组织层级 | organisation level
lifecycle | 生命周期阶段 | lifecycle stage
limit | 授信额度（本位币） | credit limit (base currency)
load | 负荷 = 加权客户数 ÷ 上限 | load = weighted accounts / capacity
weighted_accounts | 按等级加权的客户数（策略 load_weights） | accounts weighted by tier (policy load_weights)
lost_customers | 近 365 天流失的客户数 | customers lost in the last 365 days
low_satisfaction | 低满意度阈值 | low-satisfaction threshold
manager | 上级 | manager
max | 上限 | maximum
mean_days | 平均天数 | mean days
measure | 所属策略（10策之一） | which of the ten measures
median_days | 中位天数 | median days
meetings | 判定停滞所看的最近会谈次数 | recent meetings looked at for stalling
missing | 缺少的部分 / 未回答的问题 | missing parts / unanswered questions
money | 财力 | money
months_until_profit_gone | 利润被资金成本吃光所需的月数 = 12 × 净利率 ÷ 资金成本 | months until the profit is gone = 12 x margin / cost
name | 名称 | name
not_set | 正在开发（潜在或新客户）但未填写所处步骤的客户数 | accounts being opened (potential or new) with no step set
step | 开发六步中的一步 | one of the six opening steps
negative | 回答为否的问题 | questions answered no
net_margin | 净利率（%） | net margin (%)
new_customers | 近 365 天新增客户数（since） | customers won in the last 365 days (since)
open | 是否未收（未付清、未核销） | open (neither paid nor written off)
open_amount | 在途商机金额 | open pipeline amount
open_count | 在途商机数 | open deals
open_opportunities | 在途商机数 | open deals
open_pipeline | 在途商机金额 | open pipeline amount
opportunity | 商机 id | opportunity id
outcome | 处理结果 | outcome
over_limit | 是否超授信 / 超授信客户数 | over the credit limit / accounts over their limit
overdue | 逾期的金额或事项 | overdue amount or items
overdue_actions | 逾期行动数 | overdue plan actions
overdue_financing_cost | 逾期应收的资金成本合计 | financing cost of all overdue receivables
owner | 负责人 | owner
owner_name | 负责人姓名 | owner's name
paid | 付清日期 | paid on
past_due_deals | 预计成交日期已过的在途商机数 | open deals past their close date
people | 人力 | people
period | 月份（YYYY-MM）或季度（YYYY-Qn） | month (YYYY-MM) or quarter (YYYY-Qn)
person | 人员 id | person id
pipeline | 商机中的单元格数 | cells in pipeline
plan_share | 计划占比 | share in the plan
plan_units | 计划份数（每项 10 份） | planned units (of 10)
planned | 计划的行动数 | actions planned
points | 扣分 | points deducted
posture | 攻守姿态 | posture
potential | 采购潜力（本位币） | purchase potential (base currency)
potential_high | 采购潜力“高”的阈值 | potential counted as high
previous | 上一次满意度 | previous satisfaction
probability | 阶段赢率（%） | stage probability (%)
profit | 该笔应收的利润 = 金额 × 净利率 | the receivable's profit = amount x net margin
profit_consumed_share | 已被资金成本吃掉的利润比例 | share of its profit already consumed by financing
qualification_gaps | 四问未答或为否的商机数 | deals with qualification gaps
rank | 排名 | rank
rate | 转化率 | conversion rate
rating | 信用等级 | credit rating
reached_from | 到达起始阶段的商机数 | deals that reached the from-stage
reached_to | 其中到达下一阶段的商机数 | of those, deals that reached the next stage
real | 是不是机会 | is it real?
reason | 原因 | reason
reasons | 原因列表 | reasons
recent_outcomes | 最近会谈结果 | recent meeting outcomes
referrals | 转介绍次数合计 | referrals given
resolved | 处理完毕日期 | resolved on
region | 区域 | region
rep_turnover | 近 365 天销售流失率 | rep turnover in the last 365 days
repeat_purchase | 重复购买的客户数 | accounts that buy again
revenue | 销售额（当前年，本位币） | revenue (current year, base currency)
revenue_growth | 销售额增长率（当前年对上一年） | revenue growth (current year on the year before)
revenue_previous | 上一年销售额 | revenue of the year before
revenue_share | 销售额占比 | share of revenue
revenue_ytd | 报表年份截至目前的销售额 | revenue so far in the report year
review | 书面复盘 | written review
review_cycle_days | 问责复盘周期（天） | accountability review cycle (days)
role | 角色 | role
sales_cycle_days | 已成交商机的平均销售周期（天） | mean sales cycle of won deals (days)
satisfaction | 满意度（0-10） | satisfaction (0-10)
schema_version | 本 JSON 结构的版本 | version of this JSON structure
score | 健康度 | health score
selling_expense_ratio | 销售费用率 | selling expense / revenue
severity | 严重程度 | severity
share | 客户份额（我司销售额 ÷ 采购潜力）或占比 | share of wallet (our revenue / potential), or a share
share_high | 客户份额“高”的阈值 | share of wallet counted as high
share_of_wallet | 客户份额 | share of wallet
sold | 已销售的单元格数 | cells sold
sponsor | 高管赞助人 | executive sponsor
stage | 销售阶段 | stage
stalled | 停滞商机数 | stalled deals
status | 状态 | status
summary | 内容 | summary
supporting_roles | 支持我方的采购角色 | buying roles held by supporters
target_kind | 考核目标：share_of_wallet（份额）或 revenue（销售额） | target: share of wallet or revenue
team | 团队 | team
tier | 客户等级 | tier
tier_computed | 按阈值计算的等级 | tier computed from thresholds
tier_manual | 手工等级 | manual tier
ties_at_cut | 前 20% 分界处并列的客户数 | accounts tied at the top-20% cut
time | 时间 | time
title | 行动内容 | action
to | 下一阶段 | to stage
top20 | 是否在前 20% | among the top 20%
top20_count | 前 20% 的客户数（向上取整） | accounts in the top 20% (rounded up)
top20_revenue | 前 20% 客户的销售额 | revenue of the top 20%
top20_share | 前 20% 客户的销售额占比 | share of revenue of the top 20%
total | 合计 | total
total_revenue | 销售额合计 | total revenue
trend | 与上一次调查相比的变化 | change since the previous survey
units | 业务单元 | business units
upcoming_days | “即将到期”的天数 | days counted as upcoming
weighted | 加权金额 = 金额 × 赢率 | weighted amount = amount x probability
weighted_amount | 在途商机加权金额合计 | weighted open pipeline
weighted_pipeline | 在途商机加权金额 | weighted open pipeline
white | 白区单元格数 | white cells
win | 是不是能赢 | can we win?
win_rate | 赢单率（按数量：赢 ÷ (赢 + 输)） | win rate by count: won / (won + lost)
win_rate_amount | 赢单率（按金额） | win rate by amount
with_review | 有书面复盘的流失客户数 | lost customers with a review
without_review | 无书面复盘的流失客户数 | lost customers without a review
won_this_year | 今年已成交金额 | won this year
worth | 是不是值得赢 | is it worth winning?
written_off | 核销日期 | written off on
written_off_amount | 核销金额合计 | written-off amount
year | 年份 | year
ytd_revenue | 今年截至目前的销售额 | revenue so far this year
"""
FIELDS: dict[str, tuple[str, str]] = {}
for _line in _FIELDS.strip().splitlines():
    _name, _zh, _en = (x.strip() for x in _line.split("|"))
    FIELDS[_name] = (_zh, _en)

SECTIONS: dict[str, tuple[str, str]] = {
    "schema_version": ("结构版本", "Structure version"),
    "as_of": ("报表日期", "Report date"),
    "base_currency": ("本位币", "Base currency"),
    "current_year": ("当前价值年份", "Current-value year"),
    "pareto": (
        "二八法则：按当前销售额排名的客户、累计占比、前 20% 的贡献",
        "80/20: accounts ranked by current revenue",
    ),
    "pyramid": (
        "倒金字塔：前 20% 客户、其余客户和各等级得到的资源投入（时间、人力、财力）与其销售额占比",
        "The inverted pyramid: effort (time, people, money) to the top 20%, the rest and each tier, against revenue",
    ),
    "key_market": (
        "大客户市场份额：销售额达到门槛的客户带来的销售额占比，以及我们在其品类采购中的份额",
        "The key-account market: the share of revenue from customers above a revenue threshold, and our share of "
        "their category spend",
    ),
    "opening": ("开发大客户六步：各步骤的客户", "The six opening steps: accounts at each step"),
    "tiers": (
        "客户分级汇总、覆盖模式与合规、手工等级不一致",
        "Tier rollup, coverage and compliance, manual-tier disagreements",
    ),
    "posture": (
        "攻守模型：各姿态客户、资源分配计划与实际投入",
        "Attack/defend: accounts per posture, resource plan against effort",
    ),
    "pipeline": ("销售漏斗：各阶段数量、金额、加权金额，转化率，赢单率", "Funnel: stages, conversion, win rate, cycle"),
    "won": ("已成交：合计与本年、本季、本月", "Won business: all, this year, quarter, month"),
    "forecast": ("月度预测：在途商机按预计成交月份与季度", "Monthly forecast: open deals by close month and quarter"),
    "qualification": ("四个问题：方案阶段及以后未答或为否的商机", "Qualification gaps past the intent stage"),
    "progress": ("停滞商机：最近会谈均无进展或长期无活动", "Stalled deals"),
    "relationships": (
        "采购决策链：1+2+1、单线联系、反对的决策人",
        "Buying centre: 1+2+1, single-threaded, opposing decision makers",
    ),
    "plan": (
        "大客户管理10策：计划、完成、逾期与即将到期的行动",
        "The ten measures: planned, done, overdue, upcoming actions",
    ),
    "team": (
        "团队：负荷、高管赞助人、未分配客户池、问责清单",
        "Team load, sponsors, unowned pool, accountability list",
    ),
    "scorecard": ("平衡计分卡：按姿态、团队、销售", "Balanced scorecard by posture, team and rep"),
    "credit": (
        "信用与回款：敞口、账龄、DSO、逾期成本、坏账",
        "Credit: exposure, aging, DSO, cost of delay, write-offs",
    ),
    "satisfaction": ("满意度与忠诚度、投诉、流失客户", "Satisfaction and loyalty, complaints, lost customers"),
    "whitespace": ("白区分析：业务单元 × 我司产品", "Whitespace: business units x offerings"),
    "loyalty": (
        "忠诚是行为：留存、流失与重复购买（总体、按等级、按销售），满意率与目标",
        "Loyalty as behaviour: retention, churn and repeat purchase (overall, per tier, per rep); satisfaction rate",
    ),
    "health": ("客户健康度：规则与每个客户的得分和原因", "Health: rules, and each account's score with reasons"),
    "accounts": ("客户汇总与每个客户的一行摘要", "Account totals and one summary row per account"),
    "alerts": ("首页提醒的数量", "Counts behind the dashboard alerts"),
}


# where a key means something else than its name says elsewhere
PATHS: dict[str, tuple[str, str]] = {
    "tiers.disagreements[].computed": ("按阈值计算的等级", "tier computed from the thresholds"),
    "tiers.disagreements[].manual": ("档案中手工指定的等级", "tier set by hand in the file"),
    "team.accountability[].reasons[].limit": ("该等级允许的最长无活动天数", "most days without activity for the tier"),
    "team.accountability[].reasons[].days": (
        "已无活动的天数（null 表示从无活动）",
        "days without activity (null: never)",
    ),
    "team.accountability[].reasons[].competitors[]": ("活跃或已抢单的竞争对手", "competitors active or winning"),
    "team.reps[].accounts": ("负责的客户数", "accounts owned"),
    "satisfaction.complaints.open_count": ("未处理的投诉数", "open complaints"),
    "satisfaction.complaints.open": ("未处理的投诉", "open complaints"),
    "loyalty.churned[]": (
        "流失的客户：id、名称、等级、负责人、上一年销售额",
        "churned customers: id, name, tier, owner, revenue the year before",
    ),
    "loyalty.years.previous": ("留存基数的年份", "the year of the retention base"),
    "loyalty.years.current": ("当前价值年份", "the current-value year"),
    "key_market.threshold": (
        "大客户市场的门槛：当前价值至少为此（策略 key_market_revenue）",
        "the key-account market's threshold: current value at least this (policy key_market_revenue)",
    ),
    "key_market.accounts": ("大客户市场的客户数", "customers in the key-account market"),
    "key_market.customers": ("全部客户数（不含未分配客户池）", "all customers (no placeholder pool)"),
    "key_market.revenue": ("大客户市场客户的销售额（当前价值年份）", "their revenue (current-value year)"),
    "key_market.total_revenue": ("全部客户的销售额（当前价值年份）", "all customers' revenue (current-value year)"),
    "key_market.revenue_share": ("大客户的销售额占比", "their share of our revenue"),
    "key_market.potential": (
        "它们在我司品类上的采购潜力合计（只计填写了潜力的客户）",
        "their purchase potential in our category (customers with a potential only)",
    ),
    "key_market.share_of_wallet": (
        "我们在其品类采购中的份额：它们的销售额 ÷ 采购潜力（只计填写了潜力的客户）",
        "our share of their category spend: their revenue / potential (customers with a potential only)",
    ),
    "key_market.headroom": ("尚未拿到的采购额：潜力 − 销售额", "their spend not yet ours: potential - revenue"),
    "key_market.without_potential": ("未填写采购潜力的大客户数", "customers in the market with no potential written"),
    "key_market.list[]": (
        "大客户市场的客户，按销售额从高到低",
        "the customers of the market, by revenue, highest first",
    ),
    "credit.review_due[].limit": ("授信额度（本位币）", "credit limit (base currency)"),
    "credit.review_due[].days": ("距上次复审的天数（null 表示从未复审）", "days since the last review (null: never)"),
    "team.sponsors[].accounts[]": ("赞助的客户 id", "sponsored account ids"),
    "posture.by_posture.<posture>.accounts[]": ("该姿态的客户 id", "account ids in the posture"),
    "posture.abandon_elsewhere[]": (
        "计划写了放弃（plan.abandon）但不在低潜力低份额象限的客户：id、名称、按计算的姿态",
        "accounts whose plan says abandon outside the low/low quadrant: id, name, the computed posture that stands",
    ),
}


for _g in ("top20", "rest", "totals", "by_tier.<tier>"):
    PATHS[f"pyramid.{_g}.time"] = ("活动数（近 365 天）", "activities (last 365 days)")
    PATHS[f"pyramid.{_g}.people"] = (
        "参与活动的我方人次（近 365 天）",
        "person-activities of our people (last 365 days)",
    )
    PATHS[f"pyramid.{_g}.money"] = ("销售费用（当前价值年份）", "selling expense (current-value year)")
for _u, _zh, _en in (("time", "时间", "time"), ("people", "人力", "people"), ("money", "财力", "money")):
    PATHS[f"pyramid.top20.meets_target.{_u}"] = (
        f"前 20% 客户的{_zh}占比是否达到目标（无投入记录时为 null）",
        f"whether the top 20%'s share of {_en} reaches the target (null: no effort logged)",
    )


def describe(path: str) -> tuple[str, str] | None:
    if path in PATHS:
        return PATHS[path]
    last = path.rsplit(".", 1)[-1].replace("[]", "")
    if "." not in path and path in SECTIONS:
        return SECTIONS[path]
    return FIELDS.get(last)


def markdown(paths: dict[str, set]) -> str:
    """The reference page: every path, its type and its meaning, grouped by section."""
    out = [
        "# 指标 JSON 参考 / Metrics JSON reference\n\n",
        "`kam metrics --json` 输出的每个字段。金额均为本位币；占比为小数（0.25 = 25%）。"
        "`<stage>`、`<tier>` 等表示取值为枚举或 id 的键；`[]` 表示列表中的每一项。\n\n",
        "Every field printed by `kam metrics --json`. Money is in the base currency; shares are "
        "fractions (0.25 = 25%). `<stage>`, `<tier>`... stand for keys that are enumeration values or "
        "ids; `[]` is each item of a list. This page is generated by `python tools/docgen.py` and "
        "checked by the tests.\n",
    ]
    by_section: dict[str, list[str]] = {}
    for p in sorted(paths):
        by_section.setdefault(p.split(".")[0].replace("[]", ""), []).append(p)
    for section in SECTIONS:
        if section not in by_section:
            continue
        zh, en = SECTIONS[section]
        out.append(f"\n## `{section}`\n\n{zh}  \n{en}\n\n| path | type | 含义 | meaning |\n|---|---|---|---|\n")
        for p in by_section[section]:
            d = describe(p) or ("", "")
            types = "/".join(sorted(paths[p])) or "array"
            out.append(f"| `{p}` | {types} | {d[0]} | {d[1]} |\n")
    out.append(headline_figures())
    return "".join(out)


# the periods written with symbols: D is the report date, Y its year
_SYMBOLS = {
    "as_of": "D",
    "year": "Y-1",
    "previous": "Y-2",
    "this_year": "Y",
    "start": "D-364",
    "quarter_start": "Q0",
    "month": "M",
    "quarter": "Q",
}


def headline_figures() -> str:
    """The catalogue of definitions (kam.metrics.definitions): the words the site prints under each figure."""
    from kam.metrics.definitions import DEFINITIONS, definition, period

    out = [
        "\n## 网站上的主要数字 / Headline figures on the site\n\n",
        "网站在每个主要数字旁写出它的定义和期间，取自同一份定义目录（`kam/metrics/definitions.py`，文字在 "
        "`kam/words.yaml`）。D 为报表日期，Y 为其年份，Q0 为本季度第一天，M、Q 为报表日期所在的月份和季度。  \n",
        "The site writes each headline figure's definition and period beside it, from one catalogue of "
        "definitions (`kam/metrics/definitions.py`, words in `kam/words.yaml`). D is the report date, Y its "
        "year, Q0 the first day of its quarter, M and Q its month and quarter.\n\n",
        "| figure | path | 定义 | definition | 期间 | period |\n|---|---|---|---|---|---|\n",
    ]
    for key, d in DEFINITIONS.items():
        zh, en = definition(key, "zh"), definition(key, "en")
        pz, pe = period(key, _SYMBOLS, "zh"), period(key, _SYMBOLS, "en")
        out.append(f"| `{key}` | `{d.path}` | {zh} | {en} | {pz} | {pe} |\n")
    return "".join(out)


def example_paths() -> dict[str, set]:
    """Paths seen on a synthetic book rich enough to fill every list (deterministic)."""
    import datetime as dt
    import tempfile

    from kam.book.loader import load_book
    from kam.book.policy import Settings
    from kam.metrics import compute

    from synth import write_book  # benchmarks/synth.py

    as_of = dt.date(2026, 11, 20)
    with tempfile.TemporaryDirectory() as tmp:
        write_book(Path(tmp) / "accounts", 80, seed=1, as_of=as_of)
        settings = Settings(book="accounts", root=tmp, as_of=as_of)
        book, _ = load_book(settings)
        return leaf_paths(compute(book, settings))


if __name__ == "__main__":
    import sys

    text = markdown(example_paths())
    target = sys.argv[1] if len(sys.argv) > 1 else None
    if target:
        with open(target, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
