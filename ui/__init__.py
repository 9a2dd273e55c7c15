"""Shared pieces of the dashboard's pages (streamlit allowed here, never in fundcalc)."""
