"""Sourced charts of the course, one function per chart, and two interactive explorers.

>>> from transition_numerique import figures
>>> figures.internet_vs_tv_2017()   # shows a PNG with alt text; text/plain = title + « Source : … »
"""

from .advertising import ad_spend_world, duopoly_growth_share, internet_vs_tv_2017, platform_ad_revenue
from .chart import Chart
from .explorers import explore_ad_spend, explore_france
from .france import (
    france_digital_ad_market,
    france_digital_ad_segments,
    france_indicator,
    france_internet_usage,
    france_social_platforms,
)
from .platforms import facebook_users, linkedin_members, world_internet_users

__all__ = [
    "Chart",
    "ad_spend_world",
    "duopoly_growth_share",
    "explore_ad_spend",
    "explore_france",
    "facebook_users",
    "france_digital_ad_market",
    "france_digital_ad_segments",
    "france_indicator",
    "france_internet_usage",
    "france_social_platforms",
    "internet_vs_tv_2017",
    "linkedin_members",
    "platform_ad_revenue",
    "world_internet_users",
]
