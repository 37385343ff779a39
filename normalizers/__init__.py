"""solieu.normalizers"""
