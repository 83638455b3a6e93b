import numpy as np
import pandas as pd
import streamlit as st

st.set_page_config(page_title="Fixture dashboard", layout="centered")
st.title("Fixture dashboard")

points = st.slider("Number of points", min_value=10, max_value=500, value=100)
rng = np.random.default_rng(seed=42)
df = pd.DataFrame({"x": np.arange(points), "y": rng.standard_normal(points).cumsum()})

st.line_chart(df, x="x", y="y")
st.dataframe(df.describe())
