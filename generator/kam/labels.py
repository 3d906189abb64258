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
}


def term(key: str, lang: str = "zh", **params) -> str:
    zh, en = TERMS[key]
    return (zh if lang == "zh" else en).format(**params)
