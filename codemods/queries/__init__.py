"""Legacy `Query` chains: parsing, the rewrite plan, and rendering it as 2.0 code."""
