"""Lines the pooling result prints above its CSV table: the city's own figures (运政办发〔2019〕30号 二(一)、二(二)),
which are not a county column's 合计."""

from __future__ import annotations

from ...money import format_wan
from ...result import Result


def csv_notes(result: Result, lang: str = "zh") -> list[str]:
    city, w = result.figures, format_wan
    if lang == "zh":
        return [
            f"合计行的可支配月数为各县留存结余合计的月数（{city['counties_months_available']:.2f}），不含调剂金；"
            f"全市可支配月数（含调剂金）{city['months_available']:.2f} 个月，"
            f"调剂金期末 {w(city['reserve_closing_fen'])} 万元",
            f"二(一)：市级预算基金收入 {w(city['budget_fen'])} 万元，超收 {w(city['excess_fen'])} 万元，留出调剂金 "
            f"{w(city['excess_to_reserve_fen'])} 万元，可弥补预算执行不足 {w(city['excess_for_shortfalls_fen'])} 万元"]
    return [
        f"The total row's months are the counties' own ({city['counties_months_available']:.2f}), without the "
        f"reserve; city months with the reserve {city['months_available']:.2f}, reserve at year end "
        f"{w(city['reserve_closing_fen'])}",
        f"II.1: budgeted revenue {w(city['budget_fen'])}, excess {w(city['excess_fen'])}, reserve part "
        f"{w(city['excess_to_reserve_fen'])}, for budget shortfalls {w(city['excess_for_shortfalls_fen'])}"]
