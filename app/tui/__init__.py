"""The full-screen dashboard (Textual): the only package that imports Textual."""
