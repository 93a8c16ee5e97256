"""Views of Kindertagespflege, one module per audience."""
