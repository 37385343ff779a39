"""solieu.outputs"""
