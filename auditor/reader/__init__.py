"""From a file to the located model: raw grids (``grid``), labels (``labels``), the model (``build``)."""
