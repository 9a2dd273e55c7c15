"""ui/charts.py builds plain figure specs that ui.charts.show draws without plotly's validation (issue 6):
every spec is validated here instead, and must draw the same figure with validation as without."""

from __future__ import annotations

import plotly.graph_objects as go
import pytest

from fundcalc import global_budget
from fundcalc.columns import monthly_schema
from fundcalc.importer import read_table
from fundcalc.datasets import DATASETS, MECHANISMS
from ui import charts


def official(dataset_id: str):
    ds = DATASETS[dataset_id]
    return MECHANISMS[ds.mechanism].compute(ds.load(), ds.policy())


def specs():
    alloc = official("qujing_2018")
    settle = official("tacheng_2020")
    pool_ds = DATASETS["yuncheng_2019_sample"]
    pool = official("yuncheng_2019_sample")
    monthly = pool_ds.data_path.parent / pool_ds.monthly_file

    budget = global_budget.compute(pool_ds.load(), read_table(monthly, monthly_schema()).frame, pool_ds.policy())
    county = str(budget.table["county"].iloc[0])
    return {
        "allocation_levels": charts.allocation_levels(alloc),
        "allocation_categories": charts.allocation_categories(alloc),
        "settlement_diverging": charts.settlement_diverging(settle),
        "pooling_parts": charts.pooling_parts(pool),
        "monthly": charts.monthly(global_budget.monthly_long(budget, county), county),
    }


@pytest.mark.parametrize("name", list(specs()))
def test_spec_is_a_valid_figure(name):
    spec = specs()[name]
    validated = go.Figure(spec)  # raises ValueError on any property plotly does not know
    assert validated.data, name
    assert validated.to_dict() == go.Figure(spec, _validate=False).to_dict()
