"""The Streamlit pages of the app. Only ``app.py`` and the modules here import streamlit;
everything they do goes through ``reviewer.api``."""
